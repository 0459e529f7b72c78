/// An error reading or writing Parquet. Descriptions name the file, column and byte offset, never row values.
package struct ParquetError: Error, CustomStringConvertible, Sendable {
    /// What went wrong. Finer codes report their coarse family through `category`.
    package struct Code: Hashable, Sendable, CustomStringConvertible {
        /// Stable identifier, e.g. `corrupt_metadata`.
        package let rawValue: String
        /// The coarse family (`truncatedFile`, `corruptFile`, `unsupported`, …); itself for coarse codes.
        package var category: Code { Code(rawValue: parentRawValue ?? rawValue) }
        private let parentRawValue: String?

        private init(rawValue: String, parent: String? = nil) {
            self.rawValue = rawValue
            self.parentRawValue = parent
        }

        package static func == (lhs: Code, rhs: Code) -> Bool { lhs.rawValue == rhs.rawValue }
        package func hash(into hasher: inout Hasher) { hasher.combine(rawValue) }
        package var description: String { rawValue }

        /// The file ends before a structure it announces.
        package static let truncatedFile = Code(rawValue: "truncated_file", parent: "corrupt_file")
        /// The file is not valid Parquet.
        package static let corruptFile = Code(rawValue: "corrupt_file")
        /// The footer or a Thrift structure cannot be decoded or holds invalid values.
        package static let corruptMetadata = Code(rawValue: "corrupt_metadata", parent: "corrupt_file")
        /// Page headers or page contents are inconsistent.
        package static let corruptData = Code(rawValue: "corrupt_data", parent: "corrupt_file")
        /// A feature outside this library's scope.
        package static let unsupported = Code(rawValue: "unsupported")
        /// Nested columns (LIST, MAP, STRUCT, REPEATED).
        package static let unsupportedNestedSchema = Code(rawValue: "unsupported_nested_schema", parent: "unsupported")
        /// A codec other than UNCOMPRESSED, SNAPPY, GZIP, ZSTD.
        package static let unsupportedCodec = Code(rawValue: "unsupported_codec", parent: "unsupported")
        /// A value encoding this reader cannot decode.
        package static let unsupportedEncoding = Code(rawValue: "unsupported_encoding", parent: "unsupported")
        /// Rows or projections that do not fit the schema (unknown column, wrong arity).
        package static let schemaMismatch = Code(rawValue: "schema_mismatch")
        /// A value that does not fit its column (wrong type, null in a required column, out of range).
        package static let invalidValue = Code(rawValue: "invalid_value")
        /// A system call failed.
        package static let io = Code(rawValue: "io")
        /// A codec library failed to compress or decompress.
        package static let compression = Code(rawValue: "compression", parent: "corrupt_file")
        /// The writer was used after `close()`.
        package static let closed = Code(rawValue: "closed")
    }

    /// What went wrong.
    package var code: Code
    /// A human-readable explanation without row data.
    package var message: String
    /// The file path or name given to the reader/writer.
    package var file: String?
    /// The column concerned, if any.
    package var column: String?
    /// The byte offset in the file, if known.
    package var offset: Int?

    /// Creates an error.
    package init(_ code: Code, _ message: String, file: String? = nil, column: String? = nil, offset: Int? = nil) {
        self.code = code
        self.message = message
        self.file = file
        self.column = column
        self.offset = offset
    }

    package var description: String {
        var text = "ParquetError.\(code): \(message)"
        if let file { text += " [file: \(file)]" }
        if let column { text += " [column: \(column)]" }
        if let offset { text += " [offset: \(offset)]" }
        return text
    }

    /// Fills in context that lower layers did not know.
    func with(file: String? = nil, column: String? = nil, offset: Int? = nil) -> ParquetError {
        var copy = self
        if copy.file == nil { copy.file = file }
        if copy.column == nil { copy.column = column }
        if copy.offset == nil { copy.offset = offset }
        return copy
    }
}
