import PipelineContracts

/// The layer a `transform-runner` invocation builds: each is its own stage scope with its own manifests.
package enum TransformLayer: String, Sendable, CaseIterable {
    /// Conformed, deduplicated tables as of a business date (scope `silver`).
    case silver
    /// Dimensions, facts and inequality marts rebuilt from one validated Silver snapshot (scope `gold`).
    case gold

    /// The (stage, scope) node whose manifests this layer writes.
    package var node: PipelineGraph.Node {
        switch self {
        case .silver: return PipelineGraph.silver
        case .gold: return PipelineGraph.gold
        }
    }

    /// Parses `TRANSFORM_LAYER` / `--layer`.
    package init(parsing text: String) throws {
        guard let layer = TransformLayer(rawValue: text.lowercased()) else {
            throw TransformError(.invalidModel, "layer must be silver or gold")
        }
        self = layer
    }
}
