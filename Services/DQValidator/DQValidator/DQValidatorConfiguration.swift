import PipelineContracts
import PipelineRuntime

/// What `dq-validator run` needs: the layer it gates and where its suites are.
///
/// ## Configuration keys
/// - `DQ_LAYER` (`--layer`): `silver` or `gold` (required).
/// - `DQ_SUITES_DIR` (`--suites-dir`): folder holding `silver/*.yaml` and `gold/*.yaml`; default: the suites
///   shipped with the code.
package struct DQValidatorConfiguration: Sendable {
    /// The layer being gated.
    package enum Layer: String, Sendable, CaseIterable {
        case silver, gold

        /// The dq-validator node of this layer.
        package var node: PipelineGraph.Node { self == .silver ? PipelineGraph.silverQuality : PipelineGraph.goldQuality }
        /// The transform-runner node whose snapshot is validated.
        package var snapshotNode: PipelineGraph.Node { self == .silver ? PipelineGraph.silver : PipelineGraph.gold }
    }

    package var layer: Layer
    package var suitesDirectory: String?

    package init(layer: Layer, suitesDirectory: String? = nil) {
        self.layer = layer
        self.suitesDirectory = suitesDirectory
    }

    /// - Throws: ``StageError`` (configuration) when `DQ_LAYER` is missing or not `silver`/`gold`.
    package init(settings: Settings) throws {
        let text = try settings.required("DQ_LAYER")
        guard let layer = Layer(rawValue: text.lowercased()) else {
            throw StageError.configuration("DQ_LAYER must be silver or gold")
        }
        self.init(layer: layer, suitesDirectory: settings.string("DQ_SUITES_DIR"))
    }
}
