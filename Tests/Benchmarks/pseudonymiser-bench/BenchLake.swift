import Foundation
import ObjectStore
import Parquet
import PipelineContracts
import PipelineRuntime

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
            var generator = SplitMix(seed: 42)
            for id in 0..<count {
                try writer.write(row: [
                    .int64(Int64(id)), .string(nhsNumber(&generator, invalid: id % 20 == 19)), .date(Int32(id % 30000)),
                    .string("40-49"), .string(id % 2 == 0 ? "F" : "M"), .string("White British"), .string("E0100\(id % 1000)"),
                    .string("NE1 \(id % 9)"), .string("P8400\(id % 50)"), .bool(true), .timestamp(1_700_000_000_000_000 + Int64(id)),
                ])
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

    /// A random NHS number with a correct check digit (or a broken one when `invalid`).
    static func nhsNumber(_ generator: inout SplitMix, invalid: Bool) -> String {
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

/// A small deterministic generator (SplitMix64).
struct SplitMix: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
