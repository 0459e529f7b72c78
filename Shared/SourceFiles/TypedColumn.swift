import Parquet

/// One expected column of a source file: its name, its Parquet type and whether it may be empty.
///
/// The parse rule follows the type: integers (`int32`/`int64`; `12` and the float-text `12.0` of pandas, never
/// `12.5`), decimals (no silent rounding), booleans (`True/False/true/false/1/0`, any case), dates
/// (`YYYY-MM-DD`), timestamps (`YYYY-MM-DD[ HH:MM:SS[.ffffff]]`, a `T` separator also accepted, read as
/// Europe/London wall-clock time), floating point, and strings (kept exactly). An empty field is null; for a
/// non-nullable column it is a missing required value.
package struct TypedColumn: Sendable, Hashable {
    /// The header name (matched exactly).
    package var name: String
    /// The Parquet type the values are converted to.
    package var type: ParquetLogicalType
    /// Whether an empty field is allowed (becoming null).
    package var isNullable: Bool

    /// Creates a column.
    package init(_ name: String, _ type: ParquetLogicalType, nullable: Bool = true) {
        self.name = name
        self.type = type
        self.isNullable = nullable
    }

    /// The Parquet column this becomes.
    package var parquetColumn: ParquetColumn { ParquetColumn(name, type, nullable: isNullable) }
}
