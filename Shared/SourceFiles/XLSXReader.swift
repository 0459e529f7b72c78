import Foundation
import ZIPFoundation

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// Reads worksheets of an `.xlsx` workbook into text cells.
///
/// Handles shared strings (including rich-text runs), inline strings, formula string results, numbers (kept as
/// written, e.g. `42`, `3.5`), booleans (`TRUE`/`FALSE`), error values (e.g. `#N/A`), and numbers formatted as
/// dates (rendered as ISO `YYYY-MM-DD[ HH:MM:SS]` in the workbook's date system; see ``XLSXDate``). Cells are
/// placed by their `r` reference, so sparse rows and columns land where they belong.
package struct XLSXReader: Sendable {
    /// The workbook path.
    package let path: String

    /// Opens nothing yet; each read opens the archive.
    package init(path: String) {
        self.path = path
    }

    /// The worksheet names in workbook order.
    package func sheetNames() throws -> [String] {
        let archive = try open()
        return try workbook(archive).sheets.map(\.name)
    }

    /// Reads the named worksheet, or the first one when `name` is nil.
    /// - Throws: ``SourceFileError`` `.sheetNotFound` or `.invalidWorkbook`.
    package func readSheet(named name: String? = nil) throws -> XLSXSheet {
        let archive = try open()
        let book = try workbook(archive)
        guard let sheet = name.map({ wanted in book.sheets.first { $0.name == wanted } }) ?? book.sheets.first else {
            throw SourceFileError(
                .sheetNotFound,
                name.map { "worksheet '\($0)' not found (sheets: \(book.sheets.map(\.name).joined(separator: ", ")))" }
                    ?? "workbook has no worksheets", file: fileName)
        }
        let sharedStrings = try archive["xl/sharedStrings.xml"].map { try parse(archive, $0, SharedStringsParser()).strings } ?? []
        let styles = try archive["xl/styles.xml"].map { try parse(archive, $0, StylesParser()) }
        guard let entry = archive[sheet.path] else {
            throw SourceFileError(.invalidWorkbook, "worksheet part \(sheet.path) is missing", file: fileName)
        }
        let parser = WorksheetParser(
            sharedStrings: sharedStrings, dateStyles: styles?.dateStyleIndexes ?? [], system: book.system)
        let cells = try parse(archive, entry, parser)
        if let problem = cells.problem { throw SourceFileError(.invalidWorkbook, problem, file: fileName) }
        return XLSXSheet(name: sheet.name, rows: cells.rows())
    }

    private var fileName: String { (path as NSString).lastPathComponent }

    private func open() throws -> Archive {
        do {
            return try Archive(url: URL(fileURLWithPath: path), accessMode: .read)
        } catch {
            throw SourceFileError(.invalidWorkbook, "not a readable ZIP archive", file: fileName)
        }
    }

    private struct Workbook {
        var sheets: [(name: String, path: String)]
        var system: XLSXDate.System
    }

    private func workbook(_ archive: Archive) throws -> Workbook {
        guard let entry = archive["xl/workbook.xml"] else {
            throw SourceFileError(.invalidWorkbook, "xl/workbook.xml is missing (not an XLSX workbook)", file: fileName)
        }
        let book = try parse(archive, entry, WorkbookParser())
        let relations = try archive["xl/_rels/workbook.xml.rels"].map { try parse(archive, $0, RelationshipsParser()).targets } ?? [:]
        var sheets: [(String, String)] = []
        for (index, sheet) in book.sheets.enumerated() {
            var target = relations[sheet.relationID] ?? "worksheets/sheet\(index + 1).xml"
            if target.hasPrefix("/") { target.removeFirst() } else { target = "xl/" + target }
            sheets.append((sheet.name, target))
        }
        return Workbook(sheets: sheets, system: book.uses1904 ? .date1904 : .date1900)
    }

    private func parse<Delegate: XLSXPartParser>(_ archive: Archive, _ entry: Entry, _ delegate: Delegate) throws -> Delegate {
        var data = Data()
        do {
            _ = try archive.extract(entry, skipCRC32: false) { data.append($0) }
        } catch {
            throw SourceFileError(.invalidWorkbook, "cannot decompress \(entry.path)", file: fileName)
        }
        let parser = XMLParser(data: data)
        parser.delegate = delegate
        guard parser.parse() else {
            throw SourceFileError(.invalidWorkbook, "malformed XML in \(entry.path)", file: fileName)
        }
        return delegate
    }
}
