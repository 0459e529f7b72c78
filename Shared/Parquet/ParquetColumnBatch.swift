/// Decoded values of some columns of some rows, column-major.
package struct ParquetColumnBatch: Sendable {
    /// The (projected) schema: one entry per element of `columns`.
    package var schema: ParquetSchema
    /// `columns[c][r]` is the value of column `c` in row `r`.
    package var columns: [[ParquetValue]]
    /// Number of rows.
    package var rowCount: Int

    /// Creates a batch; every column must hold `rowCount` values.
    package init(schema: ParquetSchema, columns: [[ParquetValue]], rowCount: Int) {
        self.schema = schema
        self.columns = columns
        self.rowCount = rowCount
    }

    /// The values of row `i` in schema order.
    package func row(_ i: Int) -> [ParquetValue] {
        columns.map { $0[i] }
    }

    /// The values of the column called `name`, or `nil`.
    package func column(named name: String) -> [ParquetValue]? {
        schema.index(of: name).map { columns[$0] }
    }
}
