/// One leaf column of a flat Parquet schema.
package struct ParquetColumn: Sendable, Hashable {
    /// The column name as stored in the file.
    package var name: String
    /// The value type.
    package var type: ParquetLogicalType
    /// `true` for OPTIONAL columns (may hold nulls), `false` for REQUIRED.
    package var isNullable: Bool

    /// Creates a column; columns are nullable unless told otherwise.
    package init(_ name: String, _ type: ParquetLogicalType, nullable: Bool = true) {
        self.name = name
        self.type = type
        self.isNullable = nullable
    }
}
