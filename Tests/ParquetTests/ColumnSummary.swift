import Testing

@testable import Parquet

/// Whole-column facts (`column_summaries` in the expected JSON) recomputed from decoded values.
enum ColumnSummary {
    static func check(_ values: [ParquetValue], column: ParquetColumn, encoding: String, summary: ExpectedJSON, file: String) throws {
        let label = "\(file).\(column.name)"
        let present = values.filter { !$0.isNull }
        #expect(present.count == summary["non_null"]?.int, "\(label): non_null")
        #expect(values.count - present.count == summary["nulls"]?.int, "\(label): nulls")

        var ordered = present
        if encoding == "float" {
            ordered = present.filter { !($0.doubleValue?.isNaN ?? false) }
            let nanCount = present.count - ordered.count
            if let expectedNaN = summary["nan_count"]?.int { #expect(nanCount == expectedNaN, "\(label): nan_count") }
        }
        if let low = ordered.min(by: precedes), let high = ordered.max(by: precedes) {
            if let expectedMin = summary["min"] {
                #expect(CanonicalValue.ofOurs(low, column.type) == CanonicalValue.ofExpected(expectedMin, encoding: encoding), "\(label): min")
            }
            if let expectedMax = summary["max"] {
                #expect(CanonicalValue.ofOurs(high, column.type) == CanonicalValue.ofExpected(expectedMax, encoding: encoding), "\(label): max")
            }
        }
        if let distinct = summary["distinct_non_null"]?.int {
            #expect(Set(present).count == distinct, "\(label): distinct_non_null")
        }
        if let sum = summary["sum"]?.string {
            var total: Int128 = 0
            for value in present {
                switch value {
                case .decimal(let unscaled): total += unscaled
                default: total += Int128(value.int64Value ?? 0)
                }
            }
            let ours: String
            if case .decimal(_, let scale) = column.type {
                ours = CanonicalValue.decimalString(total, scale: scale)
            } else {
                ours = String(total)
            }
            #expect(ours == sum, "\(label): sum")
        }
        if let utf8Bytes = summary["total_utf8_bytes"]?.int {
            #expect(present.reduce(0) { $0 + ($1.stringValue?.utf8.count ?? 0) } == utf8Bytes, "\(label): total_utf8_bytes")
        }
    }

    /// Type order: numbers numerically (−0.0 before +0.0), strings and bytes byte-wise.
    static func precedes(_ a: ParquetValue, _ b: ParquetValue) -> Bool {
        switch (a, b) {
        case (.bool(let x), .bool(let y)): return !x && y
        case (.string(let x), .string(let y)): return Array(x.utf8).lexicographicallyPrecedes(Array(y.utf8))
        case (.bytes(let x), .bytes(let y)): return x.lexicographicallyPrecedes(y)
        case (.decimal(let x), .decimal(let y)): return x < y
        case (.float, _), (.double, _):
            let x = a.doubleValue ?? 0
            let y = b.doubleValue ?? 0
            if x == 0 && y == 0 { return x.sign == .minus && y.sign == .plus }
            return x < y
        default:
            return (a.int64Value ?? 0) < (b.int64Value ?? 0)
        }
    }
}
