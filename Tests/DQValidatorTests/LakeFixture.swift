import Foundation
import ObjectStore
import Parquet
import PipelineContracts
import PipelineRuntime
import PipelineTesting

/// A temporary filesystem lake holding hand-built Parquet snapshots with succeeded transform-runner manifests.
struct LakeFixture {
    let folder: TemporaryDirectory
    let lake: FileSystemObjectStore
    var lakeURL: String { "file://" + folder.path + "/lake" }

    init() throws {
        folder = try TemporaryDirectory(prefix: "dq-test")
        try FileManager.default.createDirectory(atPath: folder.path + "/lake", withIntermediateDirectories: true)
        lake = try FileSystemObjectStore(root: folder.path + "/lake")
    }

    func remove() { folder.remove() }

    /// Writes `rows` as one Parquet part of `table` in a `layer` snapshot and returns its manifest output.
    func writeTable(_ table: String, layer: String, asOf: BusinessDate, run: RunID, schema: ParquetSchema, rows: [[ParquetValue]]) async throws -> ManifestOutput {
        let path = folder.file(UUID().uuidString + ".parquet")
        let writer = try ParquetWriter(path: path, schema: schema)
        try writer.write(rows: rows)
        _ = try writer.close()
        let area: LakeKey.Area = layer == "silver"
            ? .silver(table: try LakeName(table), asOf: asOf, run: run) : .gold(table: try LakeName(table), asOf: asOf, run: run)
        let key = try LakeKey(area, file: LakeKey.partFileName(0))
        let stored = try await lake.put(key: key.description, body: .file(path: path), options: PutOptions(createOnly: true))
        return ManifestOutput(key: key.description, dataset: table, rows: rows.count, bytes: stored.size, sha256: stored.sha256 ?? "")
    }

    /// Records a succeeded manifest for `node` on `date` listing `outputs`.
    @discardableResult
    func commit(_ node: PipelineGraph.Node, date: BusinessDate, run: RunID = RunID.generate(), outputs: [ManifestOutput], inputs: [ManifestInput] = [], status: RunStatus = .succeeded) async throws -> RunManifest {
        let manifest = RunManifest(
            stage: node.stage, scope: node.scope, businessDate: date, runID: run, status: status, startedAt: Date(), finishedAt: Date(),
            environment: "test", codeVersion: "test", inputs: inputs, outputs: outputs)
        try await ManifestStore(lake: lake).write(manifest)
        return manifest
    }

    /// Writes suites into `<folder>/suites/<layer>/` and returns the suites root.
    func suites(_ layer: String, _ files: [String: String]) throws -> String {
        let root = folder.path + "/suites"
        try FileManager.default.createDirectory(atPath: root + "/" + layer, withIntermediateDirectories: true)
        for (name, text) in files { try text.write(toFile: "\(root)/\(layer)/\(name).yaml", atomically: true, encoding: .utf8) }
        return root
    }
}
