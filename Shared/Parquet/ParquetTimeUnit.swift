/// The unit of an INT64 `TIMESTAMP` column.
///
/// The writer only produces `.milliseconds` or `.microseconds` (lake tables use microseconds);
/// `.nanoseconds` exists so files written by pyarrow with `timestamp[ns]` can be read.
package enum ParquetTimeUnit: Sendable, Hashable {
    case milliseconds
    case microseconds
    /// Read-only: the writer rejects nanosecond columns (Spark and Hive cannot read them).
    case nanoseconds
}
