import Foundation
import Logging
import ObjectStore
import Parquet
import PipelineContracts
import PipelineRuntime
import PipelineTesting
@testable import Pseudonymiser

/// A temporary file-system lake holding Bronze Parquet files and succeeded ingest manifests, built with the
/// real contract types, plus helpers to run the pseudonymiser over it and read what it wrote.
final class BronzeLakeFixture {
    /// A test key (≥ 32 bytes). Never printed.
    static let key = try! PseudonymKey(bytes: Array("test-key-0123456789abcdef0123456789abcdef".utf8))
    static let pseudonymiser = PatientPseudonymiser(key: key)

    let directory: TemporaryDirectory
    let lake: FileSystemObjectStore
    let manifests: ManifestStore

    init() throws {
        directory = try TemporaryDirectory(prefix: "pseudonymiser-test")
        try FileManager.default.createDirectory(atPath: directory.file("lake"), withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: directory.file("scratch"), withIntermediateDirectories: true)
        lake = try FileSystemObjectStore(root: directory.file("lake"))
        manifests = ManifestStore(lake: lake)
    }

    deinit { directory.remove() }

    // MARK: Bronze schemas (source column names, REFERENCE §1.5–1.7)

    static let timestamp = ParquetLogicalType.timestamp(unit: .microseconds, isAdjustedToUTC: false)

    static let patientSchema = ParquetSchema([
        ParquetColumn("patient_id", .int64, nullable: false),
        ParquetColumn("nhs_pseudo_id", .string),
        ParquetColumn("date_of_birth", .date),
        ParquetColumn("age", .int32),
        ParquetColumn("age_band", .string),
        ParquetColumn("sex", .string),
        ParquetColumn("ethnicity_ons", .string),
        ParquetColumn("lsoa_code", .string),
        ParquetColumn("postcode_sector", .string),
        ParquetColumn("registered_gp_practice_id", .string),
        ParquetColumn("registration_start_date", .date),
        ParquetColumn("is_active", .boolean, nullable: false),
        ParquetColumn("updated_at", timestamp, nullable: false),
    ])

    static func eventSchema(_ entity: BronzeEntity) -> ParquetSchema {
        switch entity {
        case .appointments:
            return ParquetSchema([
                ParquetColumn("appointment_id", .int64, nullable: false),
                ParquetColumn("patient_id", .int64, nullable: false),
                ParquetColumn("nhs_pseudo_id", .string),
                ParquetColumn("appointment_start_datetime", timestamp),
                ParquetColumn("booking_status", .string),
            ])
        default:
            return ParquetSchema([
                ParquetColumn("\(entity.rawValue)_id", .int64, nullable: false),
                ParquetColumn("patient_id", .int64, nullable: false),
                ParquetColumn("provider_id", .int64),
                ParquetColumn("event_datetime", timestamp),
                ParquetColumn("detail", .string),
            ])
        }
    }

    /// A patient row: id, NHS number (nil = null), updated_at in micros.
    static func patientRow(_ id: Int64, _ nhs: String?, updatedAt: Int64 = 1_700_000_000_000_000) -> [ParquetValue] {
        [
            .int64(id), nhs.map(ParquetValue.string) ?? .null, .date(Int32(3000 + id)), .int32(40), .string("40-49"), .string("F"),
            .string("White British"), .string("E01000001"), .string("NE1 4"), .string("P84001"), .date(19000), .bool(true),
            .timestamp(updatedAt),
        ]
    }

    /// An event row for `entity` (appointments also carry an NHS number).
    static func eventRow(_ entity: BronzeEntity, id: Int64, patient: Int64, nhs: String? = nil) -> [ParquetValue] {
        if entity == .appointments {
            return [.int64(id), .int64(patient), nhs.map(ParquetValue.string) ?? .null, .timestamp(1_700_000_000_000_000), .string("ATTENDED")]
        }
        return [.int64(id), .int64(patient), .int64(101), .timestamp(1_700_000_000_000_000), .string("detail \(id)")]
    }

    // MARK: Writing Bronze and ingest manifests

    /// What one date's ingest delivered: rows per entity (absent entity = no Bronze file).
    struct Day {
        var patients: [[ParquetValue]] = []
        var events: [BronzeEntity: [[ParquetValue]]] = [:]
    }

    /// Writes one Bronze part per entity and a succeeded manifest for each daily ingest node.
    @discardableResult
    func ingest(_ day: Day, on date: BusinessDate, skipping: Set<PipelineGraph.Node> = []) async throws -> [PipelineGraph.Node: RunManifest] {
        var outputs: [PipelineGraph.Node: [ManifestOutput]] = [:]
        var runs: [PipelineGraph.Node: RunID] = [:]
        for node in PipelineGraph.dailyIngest { runs[node] = RunID.generate() }
        var tables: [(BronzeEntity, ParquetSchema, [[ParquetValue]])] = [(.patientDemographics, Self.patientSchema, day.patients)]
        for entity in PseudonymisationPolicy.entities where entity != .patientDemographics {
            tables.append((entity, Self.eventSchema(entity), day.events[entity] ?? []))
        }
        for (entity, schema, rows) in tables {
            let node = entity.ingestNode
            let path = directory.file("scratch/\(UUID().uuidString).parquet")
            let writer = try ParquetWriter(path: path, schema: schema)
            try writer.write(rows: rows)
            _ = try writer.close()
            let key = try LakeKey(.bronze(source: entity.source, entity: entity.name, date: date, run: runs[node]!), file: LakeKey.partFileName(0))
            let stored = try await lake.put(key: key.description, body: .file(path: path), options: PutOptions(createOnly: true))
            try FileManager.default.removeItem(atPath: path)
            outputs[node, default: []].append(
                ManifestOutput(key: key.description, dataset: entity.rawValue, rows: rows.count, bytes: stored.size, sha256: stored.sha256 ?? ""))
        }
        var written: [PipelineGraph.Node: RunManifest] = [:]
        for node in PipelineGraph.dailyIngest where !skipping.contains(node) {
            let manifest = RunManifest(
                stage: node.stage, scope: node.scope, businessDate: date, runID: runs[node]!, status: .succeeded,
                startedAt: Date(), finishedAt: Date(), environment: "test", codeVersion: "test", outputs: outputs[node] ?? [])
            try await manifests.write(manifest)
            written[node] = manifest
        }
        return written
    }

    // MARK: Running and reading

    /// Runs the pseudonymiser job through the shared runner (resume mode unless `dates` is given).
    func run(dates: [BusinessDate]? = nil, key: PseudonymKey = BronzeLakeFixture.key) async -> StageRunner.Summary {
        let logger = Logger(label: "pseudonymiser-test") { _ in SwiftLogNoOpLogHandler() }
        let runner = StageRunner(
            lake: lake, settings: Settings(environment: [:]), logger: logger,
            options: StageRunner.Options(dates: dates, environment: "test"), scratchRoot: directory.file("scratch"))
        return await runner.execute(PseudonymiserJob(configuration: PseudonymiserConfiguration(key: key), logger: logger))
    }

    /// The latest pseudonymiser manifest for `date`.
    func manifest(_ date: BusinessDate) async throws -> RunManifest? {
        if case .manifest(let manifest) = try await manifests.latest(stage: .pseudonymiser, scope: "person_level", date: date) {
            return manifest
        }
        return nil
    }

    /// Every row of every output of `dataset` in a manifest.
    func read(_ manifest: RunManifest, dataset: String) async throws -> ParquetColumnBatch {
        let outputs = manifest.outputs(dataset: dataset)
        guard let first = outputs.first else { throw FixtureError(message: "no output for \(dataset)") }
        var batch = try ParquetReader(bytes: try await lake.get(key: first.key), name: first.key).readAll()
        for output in outputs.dropFirst() {
            let more = try ParquetReader(bytes: try await lake.get(key: output.key), name: output.key).readAll()
            for column in batch.columns.indices { batch.columns[column] += more.columns[column] }
            batch.rowCount += more.rowCount
        }
        return batch
    }

    /// `patient_sk` by the value of `idColumn`, for a pseudonymised or quarantine batch.
    static func column(_ batch: ParquetColumnBatch, _ name: String) -> [ParquetValue] {
        batch.column(named: name) ?? []
    }

    struct FixtureError: Error { var message: String }
}
