import Parquet

/// The mapping between Parquet logical types and PostgreSQL column types, in both directions.
///
/// Loading: every Parquet type has one PostgreSQL type. Unloading: a result column's catalog type picks the
/// Parquet type and the expression `COPY (SELECT …) TO STDOUT` uses to print it in an easily parsed form
/// (timestamps as epoch microseconds, dates as epoch days).
package enum WarehouseColumnType: Sendable, Hashable {
    case boolean
    case int32
    case int64
    case float
    case double
    case text
    case bytea
    case date
    /// `timestamp` (wall clock, Parquet isAdjustedToUTC = false).
    case timestamp
    /// `timestamptz` (an instant, Parquet isAdjustedToUTC = true).
    case timestamptz
    case decimal(precision: Int, scale: Int)

    /// The PostgreSQL type for a Parquet column.
    package init(parquet type: ParquetLogicalType) {
        switch type {
        case .boolean: self = .boolean
        case .int32: self = .int32
        case .int64: self = .int64
        case .float: self = .float
        case .double: self = .double
        case .string: self = .text
        case .binary: self = .bytea
        case .date: self = .date
        case .timestamp(_, let utc): self = utc ? .timestamptz : .timestamp
        case .decimal(let precision, let scale): self = .decimal(precision: precision, scale: scale)
        }
    }

    /// The type for a catalog column (`pg_type.typname`, `pg_attribute.atttypmod`).
    ///
    /// Unconstrained `numeric` (e.g. `avg()`) becomes double; unknown types are unloaded as text.
    package init(typname: String, typmod: Int) {
        switch typname {
        case "bool": self = .boolean
        case "int2", "int4": self = .int32
        case "int8": self = .int64
        case "float4": self = .float
        case "float8": self = .double
        case "bytea": self = .bytea
        case "date": self = .date
        case "timestamp": self = .timestamp
        case "timestamptz": self = .timestamptz
        case "numeric":
            if typmod >= 4 {
                let precision = ((typmod - 4) >> 16) & 0xFFFF
                let scale = (typmod - 4) & 0xFFFF
                self = precision <= 38 && scale <= precision ? .decimal(precision: precision, scale: scale) : .double
            } else {
                self = .double
            }
        default: self = .text
        }
    }

    /// The SQL type name used in `CREATE TABLE`.
    package var sqlName: String {
        switch self {
        case .boolean: return "boolean"
        case .int32: return "integer"
        case .int64: return "bigint"
        case .float: return "real"
        case .double: return "double precision"
        case .text: return "text"
        case .bytea: return "bytea"
        case .date: return "date"
        case .timestamp: return "timestamp"
        case .timestamptz: return "timestamptz"
        case .decimal(let precision, let scale): return "numeric(\(precision),\(scale))"
        }
    }

    /// The Parquet type a column of this type is written as (timestamps in microseconds).
    package var parquetType: ParquetLogicalType {
        switch self {
        case .boolean: return .boolean
        case .int32: return .int32
        case .int64: return .int64
        case .float: return .float
        case .double: return .double
        case .text: return .string
        case .bytea: return .binary
        case .date: return .date
        case .timestamp: return .timestamp(unit: .microseconds, isAdjustedToUTC: false)
        case .timestamptz: return .timestamp(unit: .microseconds, isAdjustedToUTC: true)
        case .decimal(let precision, let scale): return .decimal(precision: precision, scale: scale)
        }
    }

    /// The select-list expression that prints `column` for unloading.
    package func unloadExpression(_ column: String) -> String {
        switch self {
        case .timestamp, .timestamptz: return "(extract(epoch FROM \(column)) * 1000000)::bigint"
        case .date: return "(\(column) - date '1970-01-01')"
        case .double: return "\(column)::float8"
        case .text: return "\(column)::text"
        default: return column
        }
    }
}
