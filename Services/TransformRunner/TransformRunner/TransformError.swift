/// A failure of the transform engine: model parsing, the model graph, loading, building or unloading.
///
/// `message` never carries row values, secrets or the warehouse URL; SQL text and server details go only
/// into ``detail`` (logged at debug level through ``StageError/detail``).
package struct TransformError: Error, CustomStringConvertible, Sendable {
    /// Stable machine-readable codes, also used as manifest error codes.
    package struct Code: Hashable, Sendable, CustomStringConvertible {
        package let rawValue: String
        package var description: String { rawValue }

        /// A model file's header or body cannot be parsed.
        package static let invalidModel = Code(rawValue: "invalid_model")
        /// A `ref()` or `source()` names something that does not exist.
        package static let missingReference = Code(rawValue: "missing_reference")
        /// The models' references form a cycle.
        package static let modelCycle = Code(rawValue: "model_cycle")
        /// The warehouse cannot be reached (after bounded retries).
        package static let warehouseUnavailable = Code(rawValue: "warehouse_unavailable")
        /// A model's SQL failed in the warehouse.
        package static let modelFailed = Code(rawValue: "model_failed")
        /// Loading input Parquet into the warehouse failed.
        package static let loadFailed = Code(rawValue: "load_failed")
        /// Writing a model's result back to the lake failed.
        package static let unloadFailed = Code(rawValue: "unload_failed")
        /// An upstream manifest lacks a dataset the models need.
        package static let inputMissing = Code(rawValue: "input_missing")
    }

    package var code: Code
    package var message: String
    /// Debug-only detail (SQL, server messages); never written to manifests.
    package var detail: String?

    package init(_ code: Code, _ message: String, detail: String? = nil) {
        self.code = code
        self.message = message
        self.detail = detail
    }

    package var description: String { "\(code): \(message)" }
}
