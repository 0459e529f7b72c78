import Foundation

/// The kinds of source file this module reads. Anything else is reported as unknown, never guessed.
package enum SourceFileType: String, Sendable, Hashable {
    /// RFC 4180 CSV, UTF-8.
    case csv
    /// Office Open XML workbook.
    case xlsx

    /// Determines the type from the file name's extension and checks the leading bytes agree with it.
    ///
    /// - Parameters:
    ///   - name: the file name (only its extension is used).
    ///   - leadingBytes: the first bytes of the file (a few KiB is plenty).
    /// - Throws: ``SourceFileError`` `.unknownFileType` for an unsupported extension (e.g. legacy `.xls`),
    ///   `.notCSV` when a `.csv` holds binary content, `.invalidWorkbook` when an `.xlsx` is not a ZIP.
    package static func detect(name: String, leadingBytes: some Collection<UInt8>) throws -> SourceFileType {
        let lowered = name.lowercased()
        let bytes = Array(leadingBytes.prefix(8192))
        let isZip = bytes.starts(with: [0x50, 0x4B, 0x03, 0x04]) || bytes.starts(with: [0x50, 0x4B, 0x05, 0x06])
        if lowered.hasSuffix(".csv") {
            if isZip || bytes.starts(with: [0xD0, 0xCF, 0x11, 0xE0]) || bytes.contains(0) {
                throw SourceFileError(.notCSV, "file has a .csv name but binary content", file: name)
            }
            return .csv
        }
        if lowered.hasSuffix(".xlsx") {
            guard isZip else {
                throw SourceFileError(.invalidWorkbook, "file has an .xlsx name but is not a ZIP archive", file: name)
            }
            return .xlsx
        }
        let suffix = lowered.split(separator: ".").count > 1 ? lowered.split(separator: ".").last.map(String.init) : nil
        throw SourceFileError(
            .unknownFileType,
            "unsupported file type \(suffix.map { ".\($0)" } ?? "(no extension)"); expected .csv or .xlsx", file: name)
    }

    /// ``detect(name:leadingBytes:)`` reading the leading bytes of a local file.
    package static func detect(path: String) throws -> SourceFileType {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw SourceFileError(.io, "cannot open file for reading", file: path)
        }
        defer { try? handle.close() }
        let head = (try? handle.read(upToCount: 8192)) ?? Data()
        return try detect(name: (path as NSString).lastPathComponent, leadingBytes: head)
    }
}
