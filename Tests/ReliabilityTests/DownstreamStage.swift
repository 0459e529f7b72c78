import DQValidator
import Foundation
import GoldExporter
import ObjectStore
import Parquet
import PipelineContracts
import PipelineRuntime
import Pseudonymiser
import Testing

/// A downstream stage run in-process over upstream data this test writes by hand: the pseudonymiser over a
/// Bronze day, dq-validator over a Silver snapshot, gold-exporter over a validated Gold snapshot.
///
/// ``prepare(_:date:tamper:)`` writes one good upstream file per stage (the "target" file), passes its bytes
/// through `tamper` before storing them, and commits the upstream manifests the stage waits for.
enum DownstreamStage: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case pseudonymiser
    case dqValidator = "dq-validator"
    case goldExporter = "gold-exporter"

    var testDescription: String { rawValue }

    var node: PipelineGraph.Node {
        switch self {
        case .pseudonymiser: return PipelineGraph.pseudonymise
        case .dqValidator: return PipelineGraph.silverQuality
        case .goldExporter: return PipelineGraph.export
        }
    }

    /// How the stored target file relates to the bytes the upstream manifest records.
    enum Tamper {
        /// The upstream wrote these bytes and recorded their size and SHA-256 (a writer bug).
        case written([UInt8])
        /// The upstream recorded the good file; the stored bytes changed afterwards (bit rot, tampering).
        case changedAfterCommit([UInt8])
    }

    /// What ``prepare(_:date:tamper:)`` wrote.
    struct Prepared {
        /// The upstream manifest listing the target file.
        var upstream: RunManifest
        /// The target file's key.
        var targetKey: String
    }

    static let timestamp = ParquetLogicalType.timestamp(unit: .microseconds, isAdjustedToUTC: false)

    static let patientSchema = ParquetSchema([
        ParquetColumn("patient_id", .int64, nullable: false), ParquetColumn("nhs_pseudo_id", .string),
        ParquetColumn("date_of_birth", .date), ParquetColumn("age_band", .string), ParquetColumn("sex", .string),
        ParquetColumn("postcode_sector", .string), ParquetColumn("updated_at", timestamp, nullable: false),
    ])

    static func patient(_ id: Int64, _ nhs: String?) -> [ParquetValue] {
        [
            .int64(id), nhs.map(ParquetValue.string) ?? .null, .date(5000), .string("40-49"), .string("F"),
            .string("NE1 4"), .timestamp(1_700_000_000_000_000 + id),
        ]
    }

    static let appointmentsSchema = ParquetSchema([
        ParquetColumn("appointment_id", .int64), ParquetColumn("booking_status", .string),
    ])

    static let inequalitySchema = ParquetSchema([
        ParquetColumn("metric_name", .string), ParquetColumn("period", .date), ParquetColumn("stratifier", .string),
        ParquetColumn("stratum", .string), ParquetColumn("population_count", .int64),
        ParquetColumn("metric_value", .double),
        ParquetColumn("ridit_score", .double), ParquetColumn("sii_value", .double), ParquetColumn("rii_value", .double),
    ])

    static func cell(_ stratifier: String, _ stratum: String, _ count: Int64, _ value: Double, sii: Double? = nil)
        -> [ParquetValue]
    {
        [
            .string("dna_rate"), .date(20_000), .string(stratifier), .string(stratum), .int64(count), .double(value),
            .null,
            sii.map(ParquetValue.double) ?? .null, .null,
        ]
    }

    static let siteSchema = ParquetSchema([
        ParquetColumn("site_sk", .int32), ParquetColumn("provider_code", .string),
        ParquetColumn("provider_name", .string),
    ])

    /// Rows in the target file.
    var targetRows: Int {
        switch self {
        case .pseudonymiser: return 3
        case .dqValidator: return 5
        case .goldExporter: return 2
        }
    }

    /// The target file's good bytes for this stage.
    func goodTarget(_ lake: ReliabilityLake) throws -> [UInt8] {
        let path = lake.workPath(".parquet")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let schema: ParquetSchema
        let rows: [[ParquetValue]]
        switch self {
        case .pseudonymiser:
            (schema, rows) = (
                Self.patientSchema, (1...3).map { Self.patient(Int64($0), TrustFileContent.validNHSNumber($0)) }
            )
        case .dqValidator:
            (schema, rows) = (Self.appointmentsSchema, (1...5).map { [.int64(Int64($0)), .string("ATTENDED")] })
        case .goldExporter:
            (schema, rows) = (
                Self.inequalitySchema,
                [Self.cell("imd_decile", "1", 40, 0.2, sii: 0.1), Self.cell("imd_decile", "2", 30, 0.1, sii: 0.1)]
            )
        }
        let writer = try ParquetWriter(path: path, schema: schema)
        try writer.write(rows: rows)
        _ = try writer.close()
        return try Array(Data(contentsOf: URL(fileURLWithPath: path)))
    }

    /// Writes the upstream data and manifests for `date`, with the target file stored as `tamper` says.
    @discardableResult
    func prepare(_ lake: ReliabilityLake, date: BusinessDate, tamper: Tamper? = nil) async throws -> Prepared {
        let good = try goodTarget(lake)
        let run = RunID.generate()
        let area: LakeKey.Area
        let dataset: String
        switch self {
        case .pseudonymiser:
            (area, dataset) = (
                .bronze(source: "ehr", entity: "patient_demographics", date: date, run: run), "patient_demographics"
            )
        case .dqValidator: (area, dataset) = (.silver(table: "appointments", asOf: date, run: run), "appointments")
        case .goldExporter: (area, dataset) = (.gold(table: "fct_inequality", asOf: date, run: run), "fct_inequality")
        }
        let key = try LakeKey(area, file: LakeKey.partFileName(0)).description
        let output: ManifestOutput
        switch tamper {
        case nil:
            output = try await lake.object(
                area, file: LakeKey.partFileName(0), dataset: dataset, bytes: good, rows: targetRows)
        case .written(let bytes):
            output = try await lake.object(
                area, file: LakeKey.partFileName(0), dataset: dataset, bytes: bytes, rows: targetRows)
        case .changedAfterCommit(let bytes):
            _ = try await lake.lake.put(key: key, body: .bytes(bytes), options: PutOptions(createOnly: true))
            output = ManifestOutput(
                key: key, dataset: dataset, rows: targetRows, bytes: good.count, sha256: ReliabilityLake.sha256(good))
        }
        switch self {
        case .pseudonymiser:
            var upstream: RunManifest?
            for node in PipelineGraph.dailyIngest {
                let manifest = try await lake.commit(
                    node, date: date, run: node == PipelineGraph.ehrIngest ? run : RunID.generate(),
                    outputs: node == PipelineGraph.ehrIngest ? [output] : [])
                if node == PipelineGraph.ehrIngest { upstream = manifest }
            }
            return Prepared(upstream: upstream!, targetKey: key)
        case .dqValidator:
            return Prepared(
                upstream: try await lake.commit(PipelineGraph.silver, date: date, run: run, outputs: [output]),
                targetKey: key)
        case .goldExporter:
            let sites = try await lake.parquet(
                .gold(table: "dim_site", asOf: date, run: run), dataset: "dim_site", schema: Self.siteSchema,
                rows: [[.int32(1), .string("ACU001"), .string("Northshire Royal Infirmary")]])
            let gold = try await lake.commit(PipelineGraph.gold, date: date, run: run, outputs: [output, sites])
            try await lake.commit(PipelineGraph.goldQuality, date: date, inputs: [gold.asInput])
            return Prepared(upstream: gold, targetKey: key)
        }
    }

    /// The export folder gold-exporter writes to in these tests.
    static func exportPath(_ lake: ReliabilityLake) -> String { lake.folder.file("work/export") }

    /// Runs the stage for `date` through the shared runner.
    func run(_ lake: ReliabilityLake, date: BusinessDate?) async throws -> StageRunner.Summary {
        let dates = date.map { [$0] }
        switch self {
        case .pseudonymiser:
            let key = try PseudonymKey(bytes: Array("reliability-key-0123456789abcdef-0123456789".utf8))
            return await lake.run(
                PseudonymiserJob(
                    configuration: PseudonymiserConfiguration(key: key), logger: lake.logs.logger(stage: rawValue)),
                dates: dates)
        case .dqValidator:
            let suites = lake.folder.file("work/suites")
            try FileManager.default.createDirectory(atPath: suites + "/silver", withIntermediateDirectories: true)
            let suite = """
                table: appointments
                key_columns: [appointment_id]
                expectations:
                  - row_count_between: {min: 1}
                  - unique: {column: appointment_id}

                """
            try suite.write(toFile: suites + "/silver/appointments.yaml", atomically: true, encoding: .utf8)
            let job = try DQValidatorJob(
                configuration: DQValidatorConfiguration(layer: .silver, suitesDirectory: suites),
                logger: lake.logs.logger(stage: rawValue))
            return await lake.run(job, dates: dates)
        case .goldExporter:
            let path = Self.exportPath(lake)
            let job = GoldExporterJob(
                configuration: GoldExporterConfiguration(exportURL: path),
                exportStore: try FileSystemObjectStore(root: path))
            return await lake.run(job, dates: dates)
        }
    }
}
