import Parquet

/// The typed shape of a source file: its expected columns, in output order.
package struct TypedTableSpec: Sendable, Hashable {
    /// How header differences are treated.
    package enum HeaderPolicy: Sendable, Hashable {
        /// Any unknown, missing or duplicate column fails the conversion, naming the column.
        case strict
        /// Unknown columns are ignored and missing nullable columns are null; each difference is reported as a
        /// reject on line 1. A missing non-nullable column still fails.
        case lenient
    }

    /// The columns, in the order the Parquet output has them.
    package var columns: [TypedColumn]
    /// How header differences are treated.
    package var headerPolicy: HeaderPolicy

    /// Creates a spec.
    package init(_ columns: [TypedColumn], headerPolicy: HeaderPolicy = .strict) {
        self.columns = columns
        self.headerPolicy = headerPolicy
    }

    /// The Parquet schema of the converted file.
    package var parquetSchema: ParquetSchema { ParquetSchema(columns) }

    /// Parses one field for `column`.
    /// - Returns: the value, or the reason it cannot be converted (never containing the value).
    package func parse(_ text: String, for column: TypedColumn) -> Result<ParquetValue, TypedValueFailure> {
        TypedValueParser.parse(text, as: column.type, nullable: column.isNullable)
    }
}

/// Why a field could not be converted. The reason names the expected form, never the value.
package struct TypedValueFailure: Error, Sendable, Hashable {
    /// e.g. `missing required value`, `not an integer`, `invalid date (expected YYYY-MM-DD)`.
    package var reason: String

    /// Creates a failure.
    package init(_ reason: String) { self.reason = reason }
}
