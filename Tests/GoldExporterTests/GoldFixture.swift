import Foundation
import ObjectStore
import Parquet
import PipelineContracts
import PipelineRuntime
import PipelineTesting
import GoldExporter

/// A temporary lake with a Gold snapshot (and optionally its DQ run) plus an empty export folder.
struct GoldFixture {
    static let date = try! BusinessDate(iso: "2024-03-10")
    let folder: TemporaryDirectory
    let lake: FileSystemObjectStore
    var lakeURL: String { "file://" + folder.path + "/lake" }
    var exportPath: String { folder.path + "/export" }

    init() throws {
        folder = try TemporaryDirectory(prefix: "export-test")
        for name in ["lake", "export"] { try FileManager.default.createDirectory(atPath: folder.path + "/" + name, withIntermediateDirectories: true) }
        lake = try FileSystemObjectStore(root: folder.path + "/lake")
    }

    func remove() { folder.remove() }

    static let inequalitySchema = ParquetSchema([
        ParquetColumn("metric_name", .string), ParquetColumn("period", .date), ParquetColumn("stratifier", .string), ParquetColumn("stratum", .string),
        ParquetColumn("population_count", .int64), ParquetColumn("metric_value", .double), ParquetColumn("ridit_score", .double),
        ParquetColumn("sii_value", .double), ParquetColumn("rii_value", .double),
    ])

    static func cell(_ stratifier: String, _ stratum: String, _ count: Int64?, _ value: Double?, sii: Double? = nil) -> [ParquetValue] {
        [
            .string("dna_rate"), .date(Int32(try! BusinessDate(iso: "2024-01-01").daysSinceEpoch)), .string(stratifier), .string(stratum),
            count.map { .int64($0) } ?? .null, value.map { .double($0) } ?? .null, .null, sii.map { .double($0) } ?? .null, .null,
        ]
    }

    /// A disclosure-safe fct_inequality: IMD fully published, two sex cells suppressed together.
    static var safeInequality: [[ParquetValue]] {
        [
            cell("imd_decile", "1", 40, 0.2, sii: 0.1), cell("imd_decile", "2", 30, 0.15, sii: 0.1), cell("imd_decile", "3", 30, 0.1, sii: 0.1),
            cell("sex", "F", 50, 0.15), cell("sex", "M", 44, 0.14), cell("sex", "I", nil, nil), cell("sex", "U", nil, nil),
        ]
    }

    func table(_ name: String, run: RunID, schema: ParquetSchema, rows: [[ParquetValue]]) async throws -> ManifestOutput {
        let path = folder.file(UUID().uuidString + ".parquet")
        let writer = try ParquetWriter(path: path, schema: schema)
        try writer.write(rows: rows)
        _ = try writer.close()
        let key = try LakeKey(.gold(table: try LakeName(name), asOf: Self.date, run: run), file: LakeKey.partFileName(0))
        let stored = try await lake.put(key: key.description, body: .file(path: path), options: PutOptions(createOnly: true))
        return ManifestOutput(key: key.description, dataset: name, rows: rows.count, bytes: stored.size, sha256: stored.sha256 ?? "")
    }

    /// Writes a Gold snapshot: fct_inequality (given rows), dim_imd, dim_site and the person-level fct_wait_times.
    func goldSnapshot(inequality: [[ParquetValue]] = GoldFixture.safeInequality, extraWaitColumn: String? = nil) async throws -> RunManifest {
        let run = RunID.generate()
        var outputs = [try await table("fct_inequality", run: run, schema: Self.inequalitySchema, rows: inequality)]
        outputs.append(
            try await table(
                "dim_imd", run: run, schema: ParquetSchema([ParquetColumn("imd_sk", .int32), ParquetColumn("imd_decile", .int32), ParquetColumn("imd_label", .string)]),
                rows: (1...10).map { [.int32(Int32($0)), .int32(Int32($0)), .string("decile \($0)")] }))
        outputs.append(
            try await table(
                "dim_site", run: run, schema: ParquetSchema([ParquetColumn("site_sk", .int32), ParquetColumn("provider_code", .string), ParquetColumn("provider_name", .string)]),
                rows: [[.int32(1), .string("ACU001"), .string("Northshire Royal Infirmary")], [.int32(2), .string("ACU002"), .string("Pennine General Hospital")]]))
        var waitColumns = [ParquetColumn("referral_id", .int64), ParquetColumn("patient_sk", .string), ParquetColumn("site_sk", .int32),
                           ParquetColumn("wait_days", .int32), ParquetColumn("rtt_breach_flag", .boolean), ParquetColumn("treatment_month", .date)]
        if let extraWaitColumn { waitColumns.append(ParquetColumn(extraWaitColumn, .string)) }
        let month = Int32(try BusinessDate(iso: "2024-02-01").daysSinceEpoch)
        let waitRows: [[ParquetValue]] = (1...12).map { i in
            var row: [ParquetValue] = [.int64(Int64(i)), .string(String(repeating: "cd", count: 32)), .int32(Int32(i % 2 + 1)), .int32(Int32(20 * i)), .bool(20 * i > 126), .date(month)]
            if extraWaitColumn != nil { row.append(.string("x")) }
            return row
        }
        outputs.append(try await table("fct_wait_times", run: run, schema: ParquetSchema(waitColumns), rows: waitRows))
        return try await commit(PipelineGraph.gold, run: run, outputs: outputs)
    }

    @discardableResult
    func commit(_ node: PipelineGraph.Node, run: RunID = RunID.generate(), outputs: [ManifestOutput] = [], inputs: [ManifestInput] = [], status: RunStatus = .succeeded) async throws -> RunManifest {
        let manifest = RunManifest(
            stage: node.stage, scope: node.scope, businessDate: Self.date, runID: run, status: status, startedAt: Date(), finishedAt: Date(),
            environment: "test", codeVersion: "test", inputs: inputs, outputs: outputs)
        try await ManifestStore(lake: lake).write(manifest)
        return manifest
    }

    /// Runs the exporter for the fixture date through the shared entry point.
    func export(_ extra: [String: String] = [:]) async throws -> PipelineRuntime.ExitStatus {
        let settings = Settings(environment: ["LAKE_URL": lakeURL, "EXPORT_URL": exportPath].merging(extra) { $1 })
        let options = try StageOptions.parse(["--date", Self.date.description])
        return await StageEntryPoint.execute(stage: .goldExporter, options: options, settings: settings, logger: InMemoryLogSink().logger(stage: "gold-exporter")) {
            settings, logger in
            try GoldExporterJob(configuration: GoldExporterConfiguration(settings: settings), settings: settings, logger: logger)
        }
    }

    /// Every file under the export folder.
    var exportedFiles: [String] {
        (FileManager.default.enumerator(atPath: exportPath)?.allObjects as? [String] ?? []).filter {
            var isDirectory: ObjCBool = false
            return FileManager.default.fileExists(atPath: exportPath + "/" + $0, isDirectory: &isDirectory) && !isDirectory.boolValue
        }.sorted()
    }

    func latestManifest() async throws -> RunManifest? {
        if case .manifest(let manifest) = try await ManifestStore(lake: lake).latest(stage: .goldExporter, scope: "export", date: Self.date) { return manifest }
        return nil
    }
}
