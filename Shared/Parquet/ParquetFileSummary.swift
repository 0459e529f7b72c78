/// What `ParquetWriter.close()` wrote.
package struct ParquetFileSummary: Sendable, Hashable {
    /// Rows in the file.
    package var rows: Int
    /// Size of the file in bytes, footer included.
    package var bytes: Int
    /// Row groups in the file (0 for an empty file).
    package var rowGroups: Int

    /// Creates a summary.
    package init(rows: Int, bytes: Int, rowGroups: Int) {
        self.rows = rows
        self.bytes = bytes
        self.rowGroups = rowGroups
    }
}
