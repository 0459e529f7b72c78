/// The value type of a flat Parquet column, combining the physical type and its annotation.
package enum ParquetLogicalType: Sendable, Hashable {
    case boolean
    case int32
    case int64
    case float
    case double
    /// BYTE_ARRAY annotated STRING / UTF8 (also ENUM and JSON on read).
    case string
    /// BYTE_ARRAY without annotation (or FIXED_LEN_BYTE_ARRAY without a known annotation on read).
    case binary
    /// INT32 days since 1970-01-01.
    case date
    /// INT64 count of `unit` since the epoch (INT96 is read as microseconds).
    case timestamp(unit: ParquetTimeUnit, isAdjustedToUTC: Bool)
    /// INT32 (p ≤ 9), INT64 (p ≤ 18) or FIXED_LEN_BYTE_ARRAY otherwise; values are unscaled.
    case decimal(precision: Int, scale: Int)
}
