/// The cells of one worksheet as text, row by row.
///
/// `rows[0]` is spreadsheet row 1. Missing rows are empty arrays and every row is padded with nil to the
/// widest row, so `rows[r][c]` is the cell at row r+1, column c+1 (nil when the cell is absent or empty).
package struct XLSXSheet: Sendable, Hashable {
    /// The sheet's name as shown on its tab.
    package var name: String
    /// The cells (see the type's description).
    package var rows: [[String?]]

    /// Creates a sheet.
    package init(name: String, rows: [[String?]]) {
        self.name = name
        self.rows = rows
    }
}
