/// The rows of a query, in PostgreSQL's text format (`NULL` → `nil`).
package struct PostgresRows: Sendable {
    /// Column names in result order (`PQfname`).
    package var columns: [String]
    /// One array per row, one value per column (`PQgetvalue`; `PQgetisnull` → `nil`).
    package var rows: [[String?]]
    /// The command tag's row count (`PQcmdTuples`), e.g. rows affected by `INSERT`; `nil` when not reported.
    package var affectedRows: Int?

    package init(columns: [String], rows: [[String?]], affectedRows: Int? = nil) {
        self.columns = columns
        self.rows = rows
        self.affectedRows = affectedRows
    }

    /// The index of column `name`, if present.
    package func index(of name: String) -> Int? { columns.firstIndex(of: name) }

    /// The value of column `name` in row `row` (`nil` when NULL or when the column is absent).
    package func value(_ row: Int, _ name: String) -> String? {
        guard let column = index(of: name) else { return nil }
        return rows[row][column]
    }
}
