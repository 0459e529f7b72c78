import Crypto
import Synchronization
import Foundation
import Logging
import ObjectStore
import Parquet
import PipelineContracts

/// Everything one run of a stage works with: its identity, the lake, a scratch folder, and the record of
/// what it read and wrote (which becomes its manifest).
package final class RunContext: Sendable {
    package let stage: StageName
    package let scope: LakeName
    package let businessDate: BusinessDate
    package let runID: RunID
    package let lake: any ObjectStore
    package let manifests: ManifestStore
    package let settings: Settings
    package let logger: Logger
    /// A private local folder for temporary files, removed when the run ends.
    package let scratch: String
    private let record = Mutex<Record>(Record())

    private struct Record {
        var inputs: [ManifestInput] = []
        var outputs: [ManifestOutput] = []
        var metrics: [String: Double] = [:]
    }

    package init(
        stage: StageName, scope: LakeName, businessDate: BusinessDate, runID: RunID, lake: any ObjectStore,
        settings: Settings, logger: Logger, scratch: String
    ) {
        self.stage = stage
        self.scope = scope
        self.businessDate = businessDate
        self.runID = runID
        self.lake = lake
        self.manifests = ManifestStore(lake: lake)
        self.settings = settings
        self.logger = logger
        self.scratch = scratch
    }

    package var inputs: [ManifestInput] { record.withLock { $0.inputs } }
    package var outputs: [ManifestOutput] { record.withLock { $0.outputs } }
    package var metrics: [String: Double] { record.withLock { $0.metrics } }

    /// Records something the run consumed.
    package func recordInput(_ input: ManifestInput) {
        record.withLock { $0.inputs.append(input) }
    }

    package func setMetric(_ name: String, _ value: Double) {
        record.withLock { $0.metrics[name] = value }
    }

    package func addMetric(_ name: String, _ value: Double) {
        record.withLock { $0.metrics[name, default: 0] += value }
    }

    /// A fresh path inside the scratch folder.
    package func temporaryPath(_ suffix: String = "") -> String {
        scratch + "/" + UUID().uuidString + suffix
    }

    /// Stores a local file in the lake under `key` and records it as an output of `dataset`.
    ///
    /// Outputs are only ever written under this run's own run id, so nothing another run wrote is overwritten.
    @discardableResult
    package func publish(file path: String, key: LakeKey, dataset: String, rows: Int) async throws -> ManifestOutput {
        let stored = try await lake.put(key: key.description, body: .file(path: path), options: PutOptions(createOnly: true))
        let output = ManifestOutput(key: key.description, dataset: dataset, rows: rows, bytes: stored.size, sha256: stored.sha256 ?? "")
        record.withLock { $0.outputs.append(output) }
        logger.debug("output written", metadata: ["event": "output_written", "lake.key": "\(key)", "rows": "\(rows)"])
        return output
    }

    /// Stores bytes in the lake under `key` and records it as an output.
    @discardableResult
    package func publish(bytes: [UInt8], key: LakeKey, dataset: String, rows: Int, contentType: String? = nil) async throws -> ManifestOutput {
        let stored = try await lake.put(key: key.description, body: .bytes(bytes), options: PutOptions(createOnly: true, contentType: contentType))
        let output = ManifestOutput(key: key.description, dataset: dataset, rows: rows, bytes: stored.size, sha256: stored.sha256 ?? "")
        record.withLock { $0.outputs.append(output) }
        return output
    }

    /// Records an output that an earlier run wrote and this run's snapshot lists again (unchanged partition).
    package func reuseOutput(_ output: ManifestOutput) {
        record.withLock { $0.outputs.append(output) }
    }

    /// Writes rows as one Parquet part in this run's area and publishes it.
    @discardableResult
    package func publishParquet(
        key: LakeKey, dataset: String, schema: ParquetSchema, options: ParquetWriterOptions = ParquetWriterOptions(),
        rows produce: (ParquetWriter) throws -> Void
    ) async throws -> ManifestOutput {
        let path = temporaryPath(".parquet")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let writer = try ParquetWriter(path: path, schema: schema, options: options)
        try produce(writer)
        let summary = try writer.close()
        return try await publish(file: path, key: key, dataset: dataset, rows: summary.rows)
    }

    /// Reads an upstream output, verifying its size and SHA-256 against the manifest that lists it.
    ///
    /// - Throws: ``StageError`` `integrity_mismatch` when the stored bytes differ from the manifest.
    package func readVerified(_ output: ManifestOutput) async throws -> [UInt8] {
        let bytes = try await lake.get(key: output.key)
        let digest = SHA256.hash(data: bytes).hexString
        guard bytes.count == output.bytes, digest == output.sha256 else {
            throw StageError("integrity_mismatch", "lake object \(output.key) does not match its manifest (size or SHA-256)")
        }
        return bytes
    }

    /// Opens an upstream Parquet output after verifying it.
    package func openParquet(_ output: ManifestOutput) async throws -> ParquetReader {
        try ParquetReader(bytes: try await readVerified(output), name: output.key)
    }
}
