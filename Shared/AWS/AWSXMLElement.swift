/// A parsed XML element: just enough XML for S3 and STS responses (elements, text, entities, CDATA).
///
/// Attributes, namespaces and processing instructions are skipped. Not a general XML parser.
package struct AWSXMLElement: Sendable, Hashable {
    package var name: String
    package var children: [AWSXMLElement]
    /// The element's own text (concatenated, entities decoded).
    package var text: String

    package init(name: String, children: [AWSXMLElement] = [], text: String = "") {
        self.name = name
        self.children = children
        self.text = text
    }

    /// The first child named `name`.
    package func child(_ name: String) -> AWSXMLElement? { children.first { $0.name == name } }

    /// Every child named `name`.
    package func children(_ name: String) -> [AWSXMLElement] { children.filter { $0.name == name } }

    /// The text of the first child named `name`.
    package func value(_ name: String) -> String? { child(name)?.text }

    /// Parses a document and returns its root element.
    ///
    /// - Throws: ``AWSError`` with code `invalidResponse` when the text is not well-formed enough.
    package static func parse(_ bytes: [UInt8]) throws -> AWSXMLElement {
        var parser = Parser(bytes: bytes)
        return try parser.document()
    }

    private struct Parser {
        let bytes: [UInt8]
        var index = 0

        init(bytes: [UInt8]) { self.bytes = bytes }

        mutating func document() throws -> AWSXMLElement {
            while true {
                skipWhitespace()
                guard index < bytes.count else { throw failure("no root element") }
                if starts(with: "<?") {
                    try skip(past: "?>")
                } else if starts(with: "<!--") {
                    try skip(past: "-->")
                } else if starts(with: "<!") {
                    try skip(past: ">")
                } else if bytes[index] == UInt8(ascii: "<") {
                    return try element()
                } else {
                    throw failure("text before the root element")
                }
            }
        }

        mutating func element() throws -> AWSXMLElement {
            index += 1  // <
            let name = readName()
            guard !name.isEmpty else { throw failure("element without a name") }
            // Skip attributes.
            var selfClosing = false
            while index < bytes.count, bytes[index] != UInt8(ascii: ">") {
                if bytes[index] == UInt8(ascii: "\"") || bytes[index] == UInt8(ascii: "'") {
                    let quote = bytes[index]
                    index += 1
                    while index < bytes.count, bytes[index] != quote { index += 1 }
                } else if bytes[index] == UInt8(ascii: "/") {
                    selfClosing = true
                }
                index += 1
            }
            guard index < bytes.count else { throw failure("unterminated tag <\(name)>") }
            index += 1  // >
            var result = AWSXMLElement(name: localName(name))
            if selfClosing { return result }
            var text: [UInt8] = []
            while true {
                guard index < bytes.count else { throw failure("unterminated element <\(name)>") }
                if starts(with: "</") {
                    index += 2
                    _ = readName()
                    skipWhitespace()
                    guard index < bytes.count, bytes[index] == UInt8(ascii: ">") else { throw failure("bad end tag") }
                    index += 1
                    result.text = String(decoding: text, as: UTF8.self)
                    return result
                } else if starts(with: "<![CDATA[") {
                    index += 9
                    let start = index
                    try skip(past: "]]>")
                    text += bytes[start..<(index - 3)]
                } else if starts(with: "<!--") {
                    try skip(past: "-->")
                } else if starts(with: "<?") {
                    try skip(past: "?>")
                } else if bytes[index] == UInt8(ascii: "<") {
                    result.children.append(try element())
                } else if bytes[index] == UInt8(ascii: "&") {
                    text += try entity()
                } else {
                    text.append(bytes[index])
                    index += 1
                }
            }
        }

        mutating func entity() throws -> [UInt8] {
            let start = index
            while index < bytes.count, bytes[index] != UInt8(ascii: ";"), index - start < 12 { index += 1 }
            guard index < bytes.count, bytes[index] == UInt8(ascii: ";") else { throw failure("bad entity") }
            let name = String(decoding: bytes[(start + 1)..<index], as: UTF8.self)
            index += 1
            switch name {
            case "amp": return Array("&".utf8)
            case "lt": return Array("<".utf8)
            case "gt": return Array(">".utf8)
            case "quot": return Array("\"".utf8)
            case "apos": return Array("'".utf8)
            default:
                let scalarValue: UInt32?
                if name.hasPrefix("#x") || name.hasPrefix("#X") {
                    scalarValue = UInt32(name.dropFirst(2), radix: 16)
                } else if name.hasPrefix("#") {
                    scalarValue = UInt32(name.dropFirst())
                } else {
                    scalarValue = nil
                }
                guard let scalarValue, let scalar = Unicode.Scalar(scalarValue) else {
                    throw failure("unknown entity &\(name);")
                }
                return Array(String(Character(scalar)).utf8)
            }
        }

        mutating func readName() -> String {
            let start = index
            while index < bytes.count {
                let byte = bytes[index]
                if byte == UInt8(ascii: ">") || byte == UInt8(ascii: "/") || byte == UInt8(ascii: " ")
                    || byte == UInt8(ascii: "\t") || byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\r")
                {
                    break
                }
                index += 1
            }
            return String(decoding: bytes[start..<index], as: UTF8.self)
        }

        func localName(_ name: String) -> String {
            name.split(separator: ":").last.map(String.init) ?? name
        }

        func starts(with prefix: String) -> Bool {
            let prefixBytes = Array(prefix.utf8)
            guard index + prefixBytes.count <= bytes.count else { return false }
            return bytes[index..<(index + prefixBytes.count)].elementsEqual(prefixBytes)
        }

        mutating func skip(past terminator: String) throws {
            while index < bytes.count {
                if starts(with: terminator) {
                    index += terminator.utf8.count
                    return
                }
                index += 1
            }
            throw failure("missing '\(terminator)'")
        }

        mutating func skipWhitespace() {
            while index < bytes.count, [0x20, 0x09, 0x0A, 0x0D, 0xEF, 0xBB, 0xBF].contains(bytes[index]) { index += 1 }
        }

        func failure(_ message: String) -> AWSError {
            AWSError(.invalidResponse, "malformed XML response: \(message)")
        }
    }
}
