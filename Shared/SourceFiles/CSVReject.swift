import Parquet

/// A source row that was not converted, with where it was and why. Nothing is dropped silently: every row is
/// either written or rejected.
package struct CSVReject: Sendable, Hashable {
    /// 1-based line where the record starts (1 for header problems).
    package var lineNumber: Int
    /// The column concerned, when there is one.
    package var column: String?
    /// Why (never the value itself).
    package var reason: String
    /// The record as it appeared in the file (without its line terminator). Person-level data: store it only
    /// where the row itself may be stored, never in logs or manifests.
    package var rawLine: String

    /// Creates a reject.
    package init(lineNumber: Int, column: String?, reason: String, rawLine: String) {
        self.lineNumber = lineNumber
        self.column = column
        self.reason = reason
        self.rawLine = rawLine
    }

    /// The Parquet schema of a rejects file: `line_number int64, column string?, reason string, raw_line string`.
    package static let parquetSchema = ParquetSchema([
        ParquetColumn("line_number", .int64, nullable: false),
        ParquetColumn("column", .string, nullable: true),
        ParquetColumn("reason", .string, nullable: false),
        ParquetColumn("raw_line", .string, nullable: false),
    ])

    /// This reject as a row of ``parquetSchema``.
    package var parquetRow: [ParquetValue] {
        [.int64(Int64(lineNumber)), column.map { .string($0) } ?? .null, .string(reason), .string(rawLine)]
    }
}
