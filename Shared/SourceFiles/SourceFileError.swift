/// A fatal problem with a source file (as opposed to a malformed row, which becomes a ``CSVReject``).
///
/// Messages name the file, line and column, never cell values, so they are safe for logs and manifests.
package struct SourceFileError: Error, CustomStringConvertible, Sendable {
    /// A stable failure category.
    package struct Code: Hashable, Sendable, CustomStringConvertible {
        /// The code as written to logs and manifests.
        package let rawValue: String

        /// The file has no bytes at all, so not even a header row.
        package static let emptyFile = Code(rawValue: "source_empty_file")
        /// The file is not CSV text (binary content, a ZIP/XLSX, invalid UTF-8 in the header).
        package static let notCSV = Code(rawValue: "source_not_csv")
        /// The header row does not match the expected columns (unknown, missing or duplicate column).
        package static let headerMismatch = Code(rawValue: "source_header_mismatch")
        /// One record exceeds the size limit (typically an unterminated quote swallowing the file).
        package static let recordTooLarge = Code(rawValue: "source_record_too_large")
        /// The file's type is not one this module reads (it is reported, never guessed).
        package static let unknownFileType = Code(rawValue: "source_unknown_file_type")
        /// The workbook is not a readable XLSX (missing parts, malformed XML).
        package static let invalidWorkbook = Code(rawValue: "source_invalid_workbook")
        /// The requested worksheet does not exist.
        package static let sheetNotFound = Code(rawValue: "source_sheet_not_found")
        /// A local file could not be read or written.
        package static let io = Code(rawValue: "source_io")

        /// The raw code.
        package var description: String { rawValue }
    }

    /// The failure category.
    package var code: Code
    /// What is wrong, naming file/line/column (never values).
    package var message: String
    /// The file concerned, when known.
    package var file: String?
    /// The 1-based line, when known.
    package var line: Int?
    /// The column concerned, when known.
    package var column: String?

    /// Creates an error.
    package init(_ code: Code, _ message: String, file: String? = nil, line: Int? = nil, column: String? = nil) {
        self.code = code
        self.message = message
        self.file = file
        self.line = line
        self.column = column
    }

    /// `code: message [file …, line …, column …]`.
    package var description: String {
        var parts: [String] = []
        if let file { parts.append("file \(file)") }
        if let line { parts.append("line \(line)") }
        if let column { parts.append("column \(column)") }
        return "\(code): \(message)" + (parts.isEmpty ? "" : " [\(parts.joined(separator: ", "))]")
    }

    /// Returns a copy naming `file` (if not already named).
    package func naming(file name: String) -> SourceFileError {
        var copy = self
        if copy.file == nil { copy.file = name }
        return copy
    }
}
