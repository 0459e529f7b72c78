/// A flat Parquet schema: an ordered list of leaf columns.
package struct ParquetSchema: Sendable, Hashable {
    /// Columns in file order.
    package var columns: [ParquetColumn]

    /// Creates a schema from columns in file order.
    package init(_ columns: [ParquetColumn]) {
        self.columns = columns
    }

    /// The position of the first column called `name`, or `nil`.
    package func index(of name: String) -> Int? {
        columns.firstIndex { $0.name == name }
    }
}
