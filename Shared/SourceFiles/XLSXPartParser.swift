import Foundation

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// A SAX delegate for one part of an XLSX package. Used synchronously by one ``XLSXReader`` call.
protocol XLSXPartParser: XMLParserDelegate {}

/// `xl/workbook.xml`: sheet names, relationship ids, and the date system.
final class WorkbookParser: NSObject, XLSXPartParser {
    var sheets: [(name: String, relationID: String)] = []
    var uses1904 = false

    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String] = [:]) {
        switch localName(name) {
        case "sheet":
            let relation = attributes.first { localName($0.key) == "id" && $0.key != "sheetId" }?.value ?? ""
            sheets.append((attributes["name"] ?? "Sheet\(sheets.count + 1)", relation))
        case "workbookPr":
            uses1904 = ["1", "true"].contains(attributes["date1904"]?.lowercased() ?? "")
        default: break
        }
    }
}

/// `xl/_rels/workbook.xml.rels`: relationship id → part target.
final class RelationshipsParser: NSObject, XLSXPartParser {
    var targets: [String: String] = [:]

    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String] = [:]) {
        if localName(name) == "Relationship", let id = attributes["Id"], let target = attributes["Target"] {
            targets[id] = target
        }
    }
}

/// `xl/sharedStrings.xml`: the shared string table (rich-text runs concatenated, phonetic runs ignored).
final class SharedStringsParser: NSObject, XLSXPartParser {
    var strings: [String] = []
    private var current: String?
    private var inText = false
    private var phoneticDepth = 0

    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String] = [:]) {
        switch localName(name) {
        case "si": current = ""
        case "rPh": phoneticDepth += 1
        case "t": inText = phoneticDepth == 0
        default: break
        }
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        if inText { current?.append(string) }
    }

    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
        switch localName(name) {
        case "si":
            strings.append(current ?? "")
            current = nil
        case "rPh": phoneticDepth -= 1
        case "t": inText = false
        default: break
        }
    }
}

/// `xl/styles.xml`: which cell formats (`cellXfs` indexes) display numbers as dates.
final class StylesParser: NSObject, XLSXPartParser {
    private var customFormats: [Int: String] = [:]
    private var formatIDs: [Int] = []
    private var inCellFormats = false

    /// Built-in number formats that are dates or times (ECMA-376 §18.8.30).
    private static let builtInDateFormats: Set<Int> = Set(14...22).union(45...47).union(27...36).union(50...58)

    var dateStyleIndexes: Set<Int> {
        var result = Set<Int>()
        for (index, id) in formatIDs.enumerated() {
            if StylesParser.builtInDateFormats.contains(id) || customFormats[id].map(StylesParser.looksLikeDate) == true {
                result.insert(index)
            }
        }
        return result
    }

    /// A custom format is a date when, outside quoted text and [bracketed] sections, it has y, m, d, h or s.
    static func looksLikeDate(_ format: String) -> Bool {
        var inQuote = false
        var inBracket = false
        var previous: Character = " "
        for character in format.lowercased() {
            defer { previous = character }
            if previous == "\\" { continue }
            switch character {
            case "\"": inQuote.toggle()
            case "[" where !inQuote: inBracket = true
            case "]" where !inQuote: inBracket = false
            case "y", "m", "d", "h", "s":
                if !inQuote && !inBracket { return true }
            default: break
            }
        }
        return false
    }

    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String] = [:]) {
        switch localName(name) {
        case "numFmt":
            if let id = attributes["numFmtId"].flatMap(Int.init), let code = attributes["formatCode"] { customFormats[id] = code }
        case "cellXfs": inCellFormats = true
        case "xf" where inCellFormats: formatIDs.append(attributes["numFmtId"].flatMap(Int.init) ?? 0)
        default: break
        }
    }

    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
        if localName(name) == "cellXfs" { inCellFormats = false }
    }
}

/// A worksheet part: cells placed by reference.
final class WorksheetParser: NSObject, XLSXPartParser {
    private let sharedStrings: [String]
    private let dateStyles: Set<Int>
    private let system: XLSXDate.System
    private var cells: [Int: [Int: String]] = [:]
    private(set) var problem: String?

    private var rowIndex = 0
    private var columnIndex = 0
    private var cellType = "n"
    private var cellStyle = 0
    private var text: String?
    private var capturing = false
    private var inInline = false

    init(sharedStrings: [String], dateStyles: Set<Int>, system: XLSXDate.System) {
        self.sharedStrings = sharedStrings
        self.dateStyles = dateStyles
        self.system = system
    }

    /// The cells as padded rows (see ``XLSXSheet``).
    func rows() -> [[String?]] {
        guard let lastRow = cells.keys.max() else { return [] }
        let width = (cells.values.compactMap { $0.keys.max() }.max() ?? -1) + 1
        return (0...lastRow).map { row in
            guard let values = cells[row] else { return [String?](repeating: nil, count: width) }
            return (0..<width).map { values[$0] }
        }
    }

    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String] = [:]) {
        switch localName(name) {
        case "row":
            if let number = attributes["r"].flatMap(Int.init), number >= 1 {
                rowIndex = number - 1
            } else if !cells.isEmpty || rowIndex > 0 {
                rowIndex += 1
            }
            columnIndex = 0
        case "c":
            if let reference = attributes["r"] {
                guard let (column, row) = WorksheetParser.decode(reference) else {
                    problem = problem ?? "invalid cell reference"
                    return
                }
                columnIndex = column
                rowIndex = row
            }
            cellType = attributes["t"] ?? "n"
            cellStyle = attributes["s"].flatMap(Int.init) ?? 0
            text = nil
        case "v":
            capturing = true
            text = text ?? ""
        case "is":
            inInline = true
            text = text ?? ""
        case "t" where inInline:
            capturing = true
        default: break
        }
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        if capturing { text?.append(string) }
    }

    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
        switch localName(name) {
        case "v", "t": capturing = false
        case "is": inInline = false
        case "c":
            if let value = resolve(), !value.isEmpty { cells[rowIndex, default: [:]][columnIndex] = value }
            columnIndex += 1
        default: break
        }
    }

    private func resolve() -> String? {
        guard let text else { return nil }
        switch cellType {
        case "s":
            guard let index = Int(text), sharedStrings.indices.contains(index) else {
                problem = problem ?? "shared string index out of range"
                return nil
            }
            return sharedStrings[index]
        case "b": return text == "1" ? "TRUE" : "FALSE"
        case "inlineStr", "str", "e", "d": return text
        default:
            if dateStyles.contains(cellStyle), let serial = Double(text), let iso = XLSXDate.isoText(serial: serial, system: system) {
                return iso
            }
            return text
        }
    }

    /// `"AB12"` → (column 27, row 11), both 0-based.
    static func decode(_ reference: String) -> (column: Int, row: Int)? {
        var column = 0
        var row = 0
        var sawLetter = false
        var sawDigit = false
        for scalar in reference.unicodeScalars {
            switch scalar.value {
            case 0x41...0x5A where !sawDigit:
                column = column * 26 + Int(scalar.value - 0x40)
                sawLetter = true
            case 0x30...0x39 where sawLetter:
                row = row * 10 + Int(scalar.value - 0x30)
                sawDigit = true
            case 0x24: continue  // "$" of absolute references
            default: return nil
            }
        }
        guard sawLetter, sawDigit, row >= 1 else { return nil }
        return (column - 1, row - 1)
    }
}

/// The element name without its namespace prefix.
private func localName(_ name: String) -> Substring {
    name.split(separator: ":").last ?? Substring(name)
}
