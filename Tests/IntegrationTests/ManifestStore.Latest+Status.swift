import PipelineContracts
import PipelineRuntime

extension ManifestStore.Latest {
    /// The latest manifest's status, nil when there is none or it is unreadable.
    var manifestStatus: RunStatus? {
        if case .manifest(let manifest) = self { return manifest.status }
        return nil
    }
}
