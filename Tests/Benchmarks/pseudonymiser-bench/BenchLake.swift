import Foundation
import ObjectStore
import Parquet
import PipelineContracts
import PipelineRuntime
import PipelineTesting

/// Writes a synthetic Bronze date (a patient table of `rows` rows, ~5% invalid NHS numbers, empty event
/// tables) and succeeded ingest manifests into a lake.
enum BenchLake {
    static func ingest(rows: Int, lake: any ObjectStore, date: BusinessDate, scratch: String) async throws {
        let timestamp = ParquetLogicalType.timestamp(unit: .microseconds, isAdjustedToUTC: false)
        let patientSchema = ParquetSchema([
            ParquetColumn("patient_id", .int64, nullable: false), ParquetColumn("nhs_pseudo_id", .string),
            ParquetColumn("date_of_birth", .date), ParquetColumn("age_band", .string), ParquetColumn("sex", .string),
            ParquetColumn("ethnicity_ons", .string), ParquetColumn("lsoa_code", .string), ParquetColumn("postcode_sector", .string),
            ParquetColumn("registered_gp_practice_id", .string), ParquetColumn("is_active", .boolean, nullable: false),
            ParquetColumn("updated_at", timestamp, nullable: false),
        ])
        let eventSchema = ParquetSchema([
            ParquetColumn("event_id", .int64, nullable: false), ParquetColumn("patient_id", .int64, nullable: false),
            ParquetColumn("nhs_pseudo_id", .string),
        ])
        var runs: [PipelineGraph.Node: RunID] = [:]
        for node in PipelineGraph.dailyIngest { runs[node] = RunID.generate() }
        var outputs: [PipelineGraph.Node: [ManifestOutput]] = [:]
        let entities = BronzeEntity.allCases.filter(\.isPersonLevel)
        for entity in entities {
            let path = scratch + "/\(UUID().uuidString).parquet"
            let count = entity == .patientDemographics ? rows : 0
            let writer = try ParquetWriter(path: path, schema: entity == .patientDemographics ? patientSchema : eventSchema)
            if entity == .patientDemographics {
                try writer.write(columns: patientColumns(rows: count))
            }
            _ = try writer.close()
            let node = entity.ingestNode
            let key = try LakeKey(.bronze(source: entity.source, entity: entity.name, date: date, run: runs[node]!), file: LakeKey.partFileName(0))
            let stored = try await lake.put(key: key.description, body: .file(path: path), options: PutOptions(createOnly: true))
            try FileManager.default.removeItem(atPath: path)
            outputs[node, default: []].append(ManifestOutput(key: key.description, dataset: entity.rawValue, rows: count, bytes: stored.size, sha256: stored.sha256 ?? ""))
        }
        let manifests = ManifestStore(lake: lake)
        for node in PipelineGraph.dailyIngest {
            try await manifests.write(RunManifest(
                stage: node.stage, scope: node.scope, businessDate: date, runID: runs[node]!, status: .succeeded, startedAt: Date(),
                finishedAt: Date(), environment: "bench", codeVersion: "bench", outputs: outputs[node] ?? []))
        }
    }

    /// The patient table, column by column (the writer's fast path).
    static func patientColumns(rows: Int) -> [ParquetColumnData] {
        var generator = SeededGenerator(seed: 42)
        func strings(_ make: (Int) -> String) -> ParquetColumnData {
            var column = ParquetByteArrayColumn()
            for id in 0..<rows { column.append(make(id)) }
            return ParquetColumnData(values: .byteArray(column), validity: Array(repeating: true, count: rows))
        }
        let nhs = strings { nhsNumber(&generator, invalid: $0 % 20 == 19) }
        return [
            ParquetColumnData(values: .int64((0..<rows).map(Int64.init))), nhs,
            ParquetColumnData(values: .int32((0..<rows).map { Int32($0 % 30000) }), validity: Array(repeating: true, count: rows)),
            strings { _ in "40-49" }, strings { $0 % 2 == 0 ? "F" : "M" }, strings { _ in "White British" },
            strings { "E0100\($0 % 1000)" }, strings { "NE1 \($0 % 9)" }, strings { "P8400\($0 % 50)" },
            ParquetColumnData(values: .boolean(Array(repeating: true, count: rows))),
            ParquetColumnData(values: .int64((0..<rows).map { 1_700_000_000_000_000 + Int64($0) })),
        ]
    }

    /// A random NHS number with a correct check digit (or a broken one when `invalid`).
    static func nhsNumber(_ generator: inout SeededGenerator, invalid: Bool) -> String {
        while true {
            let digits = (0..<9).map { _ in Int(generator.next() % 10) }
            let sum = digits.enumerated().reduce(0) { $0 + $1.element * (10 - $1.offset) }
            let remainder = 11 - sum % 11
            if remainder == 10 { continue }
            let correct = remainder == 11 ? 0 : remainder
            let check = invalid ? (correct + 1) % 10 : correct
            return (digits + [check]).map(String.init).joined()
        }
    }
}
