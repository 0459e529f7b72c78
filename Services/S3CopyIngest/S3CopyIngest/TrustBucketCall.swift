import ObjectStore
import PipelineRuntime

/// Runs one request against the Trust's bucket and names its failure as a source error.
///
/// The stage runner reports an ``ObjectStoreError`` as `lake_<code>`; for the Trust's bucket that would send
/// the ops engineer to the wrong system, so failures here become `source_<code>` naming the bucket and the step.
enum TrustBucketCall {
    static func run<T>(_ trust: any ObjectStore, _ step: String, _ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch let error as ObjectStoreError {
            throw StageError("source_\(error.code)", "Trust bucket \(trust.locationDescription): \(step) failed: \(error.description)")
        }
    }
}
