/// One cell of a Parquet table.
///
/// The case matches the column's `ParquetLogicalType`: `.string` for strings, `.bytes` for binary, `.date` for
/// dates, `.timestamp` for timestamps (in the column's unit), `.decimal` for decimals (unscaled; the scale is
/// the column's), and `.null` for a missing value in a nullable column.
package enum ParquetValue: Sendable, Hashable {
    case null
    case bool(Bool)
    case int32(Int32)
    case int64(Int64)
    case float(Float)
    case double(Double)
    case string(String)
    case bytes([UInt8])
    /// Days since 1970-01-01.
    case date(Int32)
    /// A count of the column's unit since the epoch.
    case timestamp(Int64)
    /// The unscaled value; the scale comes from the column.
    case decimal(Int128)

    /// `true` for `.null`.
    package var isNull: Bool {
        if case .null = self { return true }
        return false
    }

    /// The string of a `.string` value.
    package var stringValue: String? {
        if case .string(let value) = self { return value }
        return nil
    }

    /// Integer-like values widened to `Int64`: int32, int64, date, timestamp, and decimals that fit.
    package var int64Value: Int64? {
        switch self {
        case .int32(let value): return Int64(value)
        case .int64(let value): return value
        case .date(let value): return Int64(value)
        case .timestamp(let value): return value
        case .decimal(let value): return Int64(exactly: value)
        default: return nil
        }
    }

    /// Numeric values widened to `Double`; decimals are converted unscaled.
    package var doubleValue: Double? {
        switch self {
        case .int32(let value): return Double(value)
        case .int64(let value): return Double(value)
        case .float(let value): return Double(value)
        case .double(let value): return value
        case .date(let value): return Double(value)
        case .timestamp(let value): return Double(value)
        case .decimal(let value): return Double(value)
        default: return nil
        }
    }

    /// The flag of a `.bool` value.
    package var boolValue: Bool? {
        if case .bool(let value) = self { return value }
        return nil
    }

    /// The bytes of a `.bytes` value, or the UTF-8 bytes of a `.string` value.
    package var bytesValue: [UInt8]? {
        switch self {
        case .bytes(let value): return value
        case .string(let value): return Array(value.utf8)
        default: return nil
        }
    }
}
