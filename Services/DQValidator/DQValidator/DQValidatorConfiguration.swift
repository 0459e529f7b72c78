import PipelineContracts
import PipelineRuntime

/// What `dq-validator run` needs: the layer it gates and where its suites are.
///
/// ## Configuration keys
/// - `DQ_LAYER` (`--layer`): `silver` or `gold` (required).
/// - `DQ_SUITES_DIR` (`--suites-dir`): folder holding `silver/*.yaml` and `gold/*.yaml`; default: the suites
///   shipped with the code.
/// - `SUPPRESSION_THRESHOLD` (default `5`): the small-cell threshold, available to suites as
///   `${SUPPRESSION_THRESHOLD}` (the same value transform-runner and gold-exporter apply).
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
    /// Values suites may reference as `${NAME}`.
    package var suiteVariables: [String: String]
    /// The suite variables when no setting overrides them.
    package static let defaultSuiteVariables = ["SUPPRESSION_THRESHOLD": "5"]

    package init(layer: Layer, suitesDirectory: String? = nil, suppressionThreshold: Int = 5) {
        self.layer = layer
        self.suitesDirectory = suitesDirectory
        suiteVariables = ["SUPPRESSION_THRESHOLD": String(suppressionThreshold)]
    }

    /// - Throws: ``StageError`` (configuration) when `DQ_LAYER` is missing or not `silver`/`gold`, or the
    ///   threshold is not a whole number in 1...1000.
    package init(settings: Settings) throws {
        let text = try settings.required("DQ_LAYER")
        guard let layer = Layer(rawValue: text.lowercased()) else {
            throw StageError.configuration("DQ_LAYER must be silver or gold")
        }
        self.init(
            layer: layer, suitesDirectory: settings.string("DQ_SUITES_DIR"),
            suppressionThreshold: try settings.int("SUPPRESSION_THRESHOLD", default: 5, range: 1...1_000))
    }
}
