import Crypto
import Foundation
import Logging
import ObjectStore
import Parquet
import PipelineContracts
import PipelineRuntime
import PipelineTesting
import Postgres
import TransformRunner

/// A temporary file-system lake with hand-built upstream runs, and helpers to run and read transform-runner.
struct TransformFixture {
    let directory: TemporaryDirectory
    let lake: FileSystemObjectStore
    let manifests: ManifestStore
    let warehouseURL: String
    let logs = InMemoryLogSink()

    init() throws {
        warehouseURL = try LocalStackEnvironment.value("WAREHOUSE_URL")
        directory = try TemporaryDirectory(prefix: "transform-runner-test")
        try FileManager.default.createDirectory(atPath: directory.file("lake"), withIntermediateDirectories: true)
        lake = try FileSystemObjectStore(root: directory.file("lake"))
        manifests = ManifestStore(lake: lake)
    }

    /// A dataset to write: Parquet schema and rows.
    struct Dataset {
        var columns: [ParquetColumn]
        var rows: [[ParquetValue]]
    }

    /// Writes one Parquet file per dataset and the run's manifest (last), as an upstream stage would.
    @discardableResult
    func writeRun(
        _ node: PipelineGraph.Node, date: BusinessDate, datasets: [String: Dataset], inputs: [ManifestInput] = [],
        status: RunStatus = .succeeded
    ) async throws -> RunManifest {
        let runID = RunID.generate()
        var outputs: [ManifestOutput] = []
        for (name, dataset) in datasets.sorted(by: { $0.key < $1.key }) {
            let entity = try LakeName(name)
            let area: LakeKey.Area
            switch node {
            case PipelineGraph.pseudonymise: area = .pseudonymised(entity: entity, date: date, run: runID)
            case PipelineGraph.silver: area = .silver(table: entity, asOf: date, run: runID)
            default: area = .bronze(source: "trust_s3", entity: entity, date: date, run: runID)
            }
            let key = try LakeKey(area, file: LakeKey.partFileName(0))
            let path = directory.file(UUID().uuidString + ".parquet")
            let writer = try ParquetWriter(path: path, schema: ParquetSchema(dataset.columns))
            try writer.write(rows: dataset.rows)
            let summary = try writer.close()
            let bytes = Array(FileManager.default.contents(atPath: path)!)
            try? FileManager.default.removeItem(atPath: path)
            _ = try await lake.put(key: key.description, bytes: bytes)
            let digest = SHA256.hash(data: bytes).map { String(format: "%02x", $0) }.joined()
            outputs.append(ManifestOutput(key: key.description, dataset: name, rows: summary.rows, bytes: bytes.count, sha256: digest))
        }
        let manifest = RunManifest(
            stage: node.stage, scope: node.scope, businessDate: date, runID: runID, status: status, startedAt: Date(),
            finishedAt: Date(), environment: "test", codeVersion: "test", inputs: inputs, outputs: status == .succeeded ? outputs : [])
        try await manifests.write(manifest)
        return manifest
    }

    /// Settings for a transform-runner run against the local warehouse.
    func settings(layer: TransformLayer, extra: [String: String] = [:]) -> Settings {
        Settings(
            environment: [
                "TRANSFORM_LAYER": layer.rawValue, "WAREHOUSE_URL": warehouseURL, "SII_SIMULATIONS": "2000",
                "WAREHOUSE_CONNECT_ATTEMPTS": "1",
            ].merging(extra) { $1 })
    }

    /// Runs one layer for `date` through the shared StageRunner (manifests, exit codes).
    func run(_ layer: TransformLayer, date: BusinessDate, extra: [String: String] = [:], force: Bool = false) async throws -> StageRunner.Summary {
        let settings = settings(layer: layer, extra: extra)
        let logger = logs.logger(stage: "transform-runner")
        let job = try TransformRunnerJob(configuration: try await TransformRunnerConfiguration(settings: settings), logger: logger)
        let runner = StageRunner(
            lake: lake, settings: settings, logger: logger,
            options: StageRunner.Options(dates: [date], force: force, environment: "test"), scratchRoot: directory.path)
        return await runner.execute(job)
    }

    /// The rows of a dataset of a manifest, as column name → value dictionaries.
    func rows(_ manifest: RunManifest, _ dataset: String) async throws -> [[String: ParquetValue]] {
        var result: [[String: ParquetValue]] = []
        for output in manifest.outputs(dataset: dataset) {
            let reader = try ParquetReader(bytes: try await lake.get(key: output.key), name: output.key)
            let batch = try reader.readAll()
            for index in 0..<batch.rowCount {
                let row = batch.row(index)
                result.append(Dictionary(uniqueKeysWithValues: zip(batch.schema.columns.map(\.name), row)))
            }
        }
        return result
    }

    /// The schemas whose name starts with `run_` in the warehouse right now.
    func runSchemas() async throws -> Set<String> {
        try await PostgresConnection.withConnection(url: warehouseURL, logger: Logger(label: "test")) { connection in
            let rows = try await connection.query("SELECT nspname FROM pg_namespace WHERE nspname LIKE 'run\\_%'")
            return Set(rows.rows.compactMap { $0.first ?? nil })
        }
    }

    func remove() { directory.remove() }
}

// MARK: - Value helpers

/// Microseconds since the epoch of a wall-clock `YYYY-MM-DD HH:MM[:SS]` (no zone applied).
func wallClock(_ text: String) -> ParquetValue {
    .timestamp(micros(text))
}

func micros(_ text: String) -> Int64 {
    let date = try! BusinessDate(iso: String(text.prefix(10)))
    let time = text.dropFirst(11).split(separator: ":").map { Int64($0)! }
    let seconds = (time.count > 0 ? time[0] * 3600 : 0) + (time.count > 1 ? time[1] * 60 : 0) + (time.count > 2 ? time[2] : 0)
    return Int64(date.daysSinceEpoch) * 86_400_000_000 + seconds * 1_000_000
}

/// Microseconds since the epoch of a UTC instant written `YYYY-MM-DD HH:MM`.
func utcInstant(_ text: String) -> Int64 { micros(text) }

func string(_ text: String?) -> ParquetValue { text.map { .string($0) } ?? .null }

func day(_ text: String) -> BusinessDate { try! BusinessDate(iso: text) }

extension ParquetValue {
    var text: String? { stringValue }
}

extension Dictionary where Key == String, Value == ParquetValue {
    /// The string value of column `name`, if it is a string.
    func text(_ name: String) -> String? { self[name]?.stringValue }
}
