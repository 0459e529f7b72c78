import PipelineTesting

@testable import Parquet

/// A deterministic table with every writable type, each as a required and an optional column.
struct RoundTripTable {
    /// (logical type, interop kind used by the Python scripts).
    static let types: [(String, ParquetLogicalType, String)] = [
        ("flag", .boolean, "bool"),
        ("i32", .int32, "int"),
        ("i64", .int64, "int"),
        ("f32", .float, "float"),
        ("f64", .double, "float"),
        ("s", .string, "string"),
        ("bin", .binary, "binary"),
        ("d", .date, "date"),
        ("ts_us_utc", .timestamp(unit: .microseconds, isAdjustedToUTC: true), "ts_us"),
        ("ts_ms_local", .timestamp(unit: .milliseconds, isAdjustedToUTC: false), "ts_ms"),
        ("dec9", .decimal(precision: 9, scale: 2), "decimal"),
        ("dec18", .decimal(precision: 18, scale: 4), "decimal"),
        ("dec30", .decimal(precision: 30, scale: 5), "decimal"),
    ]

    let schema: ParquetSchema
    let kinds: [String]
    let rows: [[ParquetValue]]

    init(rowCount: Int, seed: UInt64) {
        var columns: [ParquetColumn] = []
        var kinds: [String] = []
        for (name, type, kind) in Self.types {
            columns.append(ParquetColumn(name + "_r", type, nullable: false))
            columns.append(ParquetColumn(name + "_o", type, nullable: true))
            kinds += [kind, kind]
        }
        schema = ParquetSchema(columns)
        self.kinds = kinds
        var random = SeededGenerator(seed: seed)
        let words = ["", "alpha", "Beta", "émile", "naïve", "🩺 stethoscope", "nul\u{0}byte", String(repeating: "long", count: 30)]
        var rows: [[ParquetValue]] = []
        for row in 0..<rowCount {
            var values: [ParquetValue] = []
            for column in columns {
                if column.isNullable && random.next() % 7 == 0 {
                    values.append(.null)
                    continue
                }
                values.append(Self.value(for: column.type, row: row, words: words, random: &random))
            }
            rows.append(values)
        }
        self.rows = rows
    }

    private static func value(for type: ParquetLogicalType, row: Int, words: [String], random: inout SeededGenerator) -> ParquetValue {
        let pick = random.next() % 16
        switch type {
        case .boolean: return .bool(random.next() & 1 == 0)
        case .int32:
            return .int32([Int32.min, Int32.max, 0, -1][Int(pick % 4)] &+ (pick < 4 ? 0 : Int32(truncatingIfNeeded: random.next())))
        case .int64:
            return pick < 2 ? .int64(pick == 0 ? .min : .max) : .int64(Int64(truncatingIfNeeded: random.next()) >> Int64(pick))
        case .float:
            let specials: [Float] = [-0.0, 0.0, .infinity, -.infinity, .leastNonzeroMagnitude, .greatestFiniteMagnitude]
            return .float(pick < 6 ? specials[Int(pick)] : Float.random(in: -1e6...1e6, using: &random))
        case .double:
            let specials: [Double] = [.nan, -0.0, .infinity, -.infinity, .leastNonzeroMagnitude, -.greatestFiniteMagnitude]
            return .double(pick < 6 ? specials[Int(pick)] : Double.random(in: -1e12...1e12, using: &random))
        case .string:
            return .string(pick < 12 ? words[Int(pick) % words.count] : "unique-\(row)-\(random.next() % 1_000_000)")
        case .binary:
            return .bytes((0..<Int(pick)).map { _ in UInt8(truncatingIfNeeded: random.next()) })
        case .date:
            return .date(pick == 0 ? -719_162 : (pick == 1 ? 2_932_896 : Int32(truncatingIfNeeded: random.next() % 40_000) - 20_000))
        case .timestamp(let unit, _):
            let span: Int64 = unit == .milliseconds ? 1 << 42 : 1 << 52
            return .timestamp(Int64.random(in: -span...span, using: &random))
        case .decimal(let precision, _):
            var limit: Int128 = 1
            for _ in 0..<precision { limit *= 10 }
            let edge = pick == 0 ? limit - 1 : (pick == 1 ? -(limit - 1) : 0)
            if edge != 0 { return .decimal(edge) }
            let raw = Int128(Int64(truncatingIfNeeded: random.next())) * Int128(Int64(truncatingIfNeeded: random.next() >> 1))
            return .decimal(raw % limit)
        }
    }
}
