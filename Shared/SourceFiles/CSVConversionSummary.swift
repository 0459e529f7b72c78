/// What a CSV → Parquet conversion did. `rowsRead == rowsWritten + rowsRejected` always holds.
package struct CSVConversionSummary: Sendable, Hashable {
    /// Data records read (header excluded, blank lines excluded).
    package var rowsRead: Int
    /// Rows written to the typed Parquet file.
    package var rowsWritten: Int
    /// Rows sent to the rejects.
    package var rowsRejected: Int
    /// Header differences tolerated under ``TypedTableSpec/HeaderPolicy/lenient`` (also reported as rejects).
    package var headerProblems: [CSVReject]
    /// The header as read.
    package var header: [String]

    /// Creates a summary.
    package init(rowsRead: Int, rowsWritten: Int, rowsRejected: Int, headerProblems: [CSVReject], header: [String]) {
        self.rowsRead = rowsRead
        self.rowsWritten = rowsWritten
        self.rowsRejected = rowsRejected
        self.headerProblems = headerProblems
        self.header = header
    }
}
