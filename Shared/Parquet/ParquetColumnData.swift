/// One column of a row group in columnar form: dense non-null values plus, for nullable columns, a validity flag
/// per row. This is the fast path of `ParquetWriter.write(columns:)` and `ParquetReader.readRowGroupColumns`.
package struct ParquetColumnData: Sendable, Hashable {
    /// The non-null values, in row order.
    package var values: ParquetColumnValues
    /// One flag per row (`true` = value present), or `nil` when every row has a value.
    package var validity: [Bool]?

    /// Creates column data; `values.count` must equal the number of `true` flags in `validity`.
    package init(values: ParquetColumnValues, validity: [Bool]? = nil) {
        self.values = values
        self.validity = validity
    }

    /// Number of rows.
    package var rowCount: Int { validity?.count ?? values.count }

    /// Number of null rows.
    package var nullCount: Int {
        guard let validity else { return 0 }
        return validity.count - values.count
    }
}
