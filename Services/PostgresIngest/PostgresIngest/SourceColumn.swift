import Parquet
import PipelineRuntime
import Postgres

/// One column of a source table as the catalog describes it, and how it travels to Bronze.
///
/// Type map (PostgreSQL → Parquet), decoded from binary COPY:
///
/// | source | Bronze |
/// |---|---|
/// | `int2`, `int4` | int32 |
/// | `int8` | int64 |
/// | `numeric(p,s)`, 1 ≤ p ≤ 38, 0 ≤ s ≤ p | decimal(p,s) |
/// | `numeric` unconstrained (or p > 38, negative scale, s > p) | string (exact text, via `::text`) |
/// | `float4` / `float8` | float / double |
/// | `bool` | boolean |
/// | `text`, `varchar`, `bpchar`, `name` | string |
/// | `uuid`, `json`, `jsonb` | string (via `::text`) |
/// | `date` | date |
/// | `timestamp` | timestamp(micros, isAdjustedToUTC: false): Europe/London wall clock as stored |
/// | `timestamptz` | timestamp(micros, isAdjustedToUTC: true) |
///
/// Domains use their base type. Anything else is ``unsupported(table:column:type:)``.
package struct SourceColumn: Sendable, Hashable {
    /// How a binary COPY field is decoded.
    package enum Kind: Sendable, Hashable {
        case boolean, int16, int32, int64, float32, float64, text, date, timestamp, timestampUTC
        /// Binary numeric, stored unscaled at `scale` (precision ≤ 38).
        case numeric(precision: Int, scale: Int)
    }

    package var name: String
    /// The catalog's type name (`pg_type.typname` of the base type), e.g. `int8`, `timestamp`.
    package var typeName: String
    package var kind: Kind
    package var isNullable: Bool
    /// True when the value is selected as `col::text` (uuid, json, unconstrained numeric).
    package var castToText: Bool

    /// Maps a catalog type to a column, or throws `unsupported_column_type` naming table and column.
    ///
    /// - Parameters:
    ///   - typeName: `pg_type.typname` of the (base) type.
    ///   - typeModifier: `atttypmod` (or the domain's `typtypmod`); -1 when absent.
    package init(table: String, name: String, typeName: String, typeModifier: Int, isNullable: Bool) throws {
        self.name = name
        self.typeName = typeName
        self.isNullable = isNullable
        castToText = false
        switch typeName {
        case "bool": kind = .boolean
        case "int2": kind = .int16
        case "int4": kind = .int32
        case "int8": kind = .int64
        case "float4": kind = .float32
        case "float8": kind = .float64
        case "text", "varchar", "bpchar", "name": kind = .text
        case "uuid", "json", "jsonb":
            kind = .text
            castToText = true
        case "date": kind = .date
        case "timestamp": kind = .timestamp
        case "timestamptz": kind = .timestampUTC
        case "numeric":
            if let (precision, scale) = Self.numericPrecisionScale(typeModifier), (1...38).contains(precision),
                (0...precision).contains(scale)
            {
                kind = .numeric(precision: precision, scale: scale)
            } else {
                kind = .text
                castToText = true
            }
        default:
            throw Self.unsupported(table: table, column: name, type: typeName)
        }
    }

    /// `numeric(p,s)` from a type modifier: ((p << 16) | s) + 4, scale sign-extended from 11 bits.
    static func numericPrecisionScale(_ typeModifier: Int) -> (Int, Int)? {
        guard typeModifier >= 4 else { return nil }
        let packed = typeModifier - 4
        let precision = (packed >> 16) & 0xFFFF
        var scale = packed & 0x7FF
        if scale & 0x400 != 0 { scale -= 0x800 }
        return (precision, scale)
    }

    /// The Parquet column this source column becomes.
    package var parquetColumn: ParquetColumn {
        let type: ParquetLogicalType
        switch kind {
        case .boolean: type = .boolean
        case .int16, .int32: type = .int32
        case .int64: type = .int64
        case .float32: type = .float
        case .float64: type = .double
        case .text: type = .string
        case .date: type = .date
        case .timestamp: type = .timestamp(unit: .microseconds, isAdjustedToUTC: false)
        case .timestampUTC: type = .timestamp(unit: .microseconds, isAdjustedToUTC: true)
        case .numeric(let precision, let scale): type = .decimal(precision: precision, scale: scale)
        }
        return ParquetColumn(name, type, nullable: isNullable)
    }

    /// The select-list expression: the quoted name, cast to text where the binary form is not decoded.
    package var selectExpression: String {
        castToText ? "\(SQLIdentifier.quote(name))::text" : SQLIdentifier.quote(name)
    }

    /// The error for a column type Bronze cannot carry.
    package static func unsupported(table: String, column: String, type: String) -> StageError {
        StageError(
            "unsupported_column_type",
            "table \(table) column \(column) has type \(type), which postgres-ingest does not support "
                + "(supported: integers, numeric, float, bool, text/varchar/char, uuid, json/jsonb, date, timestamp, timestamptz)")
    }
}
