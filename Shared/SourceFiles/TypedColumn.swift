import Parquet

/// One expected column of a source file: its name, its Parquet type and whether it may be empty.
///
/// The parse rule follows the type: integers (`int32`/`int64`; `12` and the float-text `12.0` of pandas, never
/// `12.5`), decimals (no silent rounding), booleans (`True/False/true/false/1/0`, any case), dates
/// (`YYYY-MM-DD`), timestamps (`YYYY-MM-DD[ HH:MM:SS[.ffffff]]`, a `T` separator also accepted, read as
/// Europe/London wall-clock time), floating point, and strings (kept exactly). An empty field is null; for a
/// non-nullable column it is a missing required value.
///
/// It is a ``ParquetColumn``: the header name is the stored column name, and its type and nullability are the
/// Parquet column's, so a source-file spec and the schema it produces cannot drift apart.
package typealias TypedColumn = ParquetColumn
