import Crypto
import Foundation
import Logging
import ObjectStore
import Parquet
import PipelineContracts
import PipelineRuntime
import PipelineTesting

/// A private filesystem lake for one reliability test: hand-built upstream outputs and manifests, stage jobs
/// run in-process through the shared ``StageRunner``, and every log line they write kept in memory.
final class ReliabilityLake: Sendable {
    let folder: TemporaryDirectory
    let lake: FileSystemObjectStore
    let manifests: ManifestStore
    let logs = InMemoryLogSink()

    init(prefix: String = "reliability") throws {
        folder = try TemporaryDirectory(prefix: prefix)
        for name in ["lake", "scratch", "work"] {
            try FileManager.default.createDirectory(atPath: folder.file(name), withIntermediateDirectories: true)
        }
        lake = try FileSystemObjectStore(root: folder.file("lake"))
        manifests = ManifestStore(lake: lake)
    }

    deinit { folder.remove() }

    var lakeURL: String { "file://" + folder.file("lake") }

    /// A fresh path in the work folder (not the lake).
    func workPath(_ suffix: String = "") -> String { folder.file("work/" + UUID().uuidString + suffix) }

    // MARK: Writing upstream data

    /// Writes `rows` as one Parquet part under `area` and returns the manifest output describing it.
    func parquet(_ area: LakeKey.Area, dataset: String, schema: ParquetSchema, rows: [[ParquetValue]]) async throws
        -> ManifestOutput
    {
        let path = workPath(".parquet")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let writer = try ParquetWriter(path: path, schema: schema)
        try writer.write(rows: rows)
        _ = try writer.close()
        let bytes = try Array(Data(contentsOf: URL(fileURLWithPath: path)))
        return try await object(area, file: LakeKey.partFileName(0), dataset: dataset, bytes: bytes, rows: rows.count)
    }

    /// Stores arbitrary bytes under `area` and returns an output whose size and SHA-256 match them, as an
    /// upstream stage that wrote a damaged file (rather than a tampered one) would have recorded.
    func object(_ area: LakeKey.Area, file: String, dataset: String, bytes: [UInt8], rows: Int) async throws
        -> ManifestOutput
    {
        let key = try LakeKey(area, file: file)
        _ = try await lake.put(key: key.description, body: .bytes(bytes), options: PutOptions(createOnly: true))
        return ManifestOutput(
            key: key.description, dataset: dataset, rows: rows, bytes: bytes.count, sha256: Self.sha256(bytes))
    }

    /// Records a manifest for `node` on `date`.
    @discardableResult
    func commit(
        _ node: PipelineGraph.Node, date: BusinessDate, run: RunID = RunID.generate(), outputs: [ManifestOutput] = [],
        inputs: [ManifestInput] = [], status: RunStatus = .succeeded
    ) async throws -> RunManifest {
        let manifest = RunManifest(
            stage: node.stage, scope: node.scope, businessDate: date, runID: run, status: status, startedAt: Date(),
            finishedAt: Date(), environment: "reliability", codeVersion: "test", inputs: inputs, outputs: outputs)
        try await manifests.write(manifest)
        return manifest
    }

    // MARK: Running stages

    /// Runs `job` through the shared runner with logs captured in ``logs``.
    func run(_ job: some StageJob, dates: [BusinessDate]? = nil, force: Bool = false, settings: [String: String] = [:])
        async
        -> StageRunner.Summary
    {
        let runner = StageRunner(
            lake: lake, settings: Settings(environment: settings), logger: logs.logger(stage: job.stage.rawValue),
            options: StageRunner.Options(dates: dates, force: force, environment: "reliability"),
            scratchRoot: folder.file("scratch"))
        return await runner.execute(job)
    }

    // MARK: Reading results

    /// The latest manifest of `node` on `date`, or nil (none or unreadable).
    func latest(_ node: PipelineGraph.Node, _ date: BusinessDate) async throws -> RunManifest? {
        if case .manifest(let manifest) = try await manifests.latest(stage: node.stage, scope: node.scope, date: date) {
            return manifest
        }
        return nil
    }

    /// Every manifest of `node` on `date`, oldest first.
    func all(_ node: PipelineGraph.Node, _ date: BusinessDate) async throws -> [RunManifest] {
        var result: [RunManifest] = []
        for key in try await manifests.runKeys(stage: node.stage, scope: node.scope, date: date) {
            result.append(try await manifests.read(key: key))
        }
        return result
    }

    /// Every row of every output of `dataset` listed by `manifest`.
    func rows(_ manifest: RunManifest, dataset: String) async throws -> ParquetColumnBatch? {
        var batch: ParquetColumnBatch?
        for output in manifest.outputs(dataset: dataset) {
            let part = try ParquetReader(bytes: try await lake.get(key: output.key), name: output.key).readAll()
            if var existing = batch {
                for index in existing.columns.indices { existing.columns[index] += part.columns[index] }
                existing.rowCount += part.rowCount
                batch = existing
            } else {
                batch = part
            }
        }
        return batch
    }

    /// Every regular file under the lake root, hidden temporaries included, relative to the root.
    var filesOnDisk: [String] {
        let root = folder.file("lake")
        let names = FileManager.default.enumerator(atPath: root)?.allObjects as? [String] ?? []
        return names.filter { name in
            var isDirectory: ObjCBool = false
            return FileManager.default.fileExists(atPath: root + "/" + name, isDirectory: &isDirectory)
                && !isDirectory.boolValue
        }.sorted()
    }

    /// Every captured log line joined, for "never logged" checks.
    var logText: String { logs.captured.joined(separator: "\n") }

    static func sha256(_ bytes: [UInt8]) -> String { SHA256.hash(data: bytes).hexString }
}
