/// A minimal JSON parser for the `.expected.json` golden files that keeps numbers as their source text, so
/// 64-bit integers and `-0.0` survive exactly.
indirect enum ExpectedJSON: Equatable {
    case null
    case bool(Bool)
    case number(String)
    case string(String)
    case array([ExpectedJSON])
    case object([String: ExpectedJSON])

    subscript(key: String) -> ExpectedJSON? {
        if case .object(let members) = self { return members[key] }
        return nil
    }

    var string: String? {
        if case .string(let text) = self { return text }
        return nil
    }

    var array: [ExpectedJSON]? {
        if case .array(let items) = self { return items }
        return nil
    }

    var object: [String: ExpectedJSON]? {
        if case .object(let members) = self { return members }
        return nil
    }

    var int: Int? {
        if case .number(let text) = self { return Int(text) }
        return nil
    }

    var isNull: Bool { self == .null }

    static func parse(_ bytes: [UInt8]) throws -> ExpectedJSON {
        var parser = Parser(bytes: bytes)
        let value = try parser.value()
        return value
    }

    struct SyntaxError: Error { var position: Int }

    private struct Parser {
        let bytes: [UInt8]
        var position = 0

        mutating func skipSpace() {
            while position < bytes.count, [0x20, 0x0A, 0x0D, 0x09].contains(bytes[position]) { position += 1 }
        }

        mutating func value() throws -> ExpectedJSON {
            skipSpace()
            guard position < bytes.count else { throw SyntaxError(position: position) }
            switch bytes[position] {
            case UInt8(ascii: "{"):
                position += 1
                var members: [String: ExpectedJSON] = [:]
                skipSpace()
                if bytes[position] == UInt8(ascii: "}") { position += 1; return .object(members) }
                while true {
                    skipSpace()
                    let key = try string()
                    skipSpace()
                    guard bytes[position] == UInt8(ascii: ":") else { throw SyntaxError(position: position) }
                    position += 1
                    members[key] = try value()
                    skipSpace()
                    if bytes[position] == UInt8(ascii: ",") { position += 1; continue }
                    guard bytes[position] == UInt8(ascii: "}") else { throw SyntaxError(position: position) }
                    position += 1
                    return .object(members)
                }
            case UInt8(ascii: "["):
                position += 1
                var items: [ExpectedJSON] = []
                skipSpace()
                if bytes[position] == UInt8(ascii: "]") { position += 1; return .array(items) }
                while true {
                    items.append(try value())
                    skipSpace()
                    if bytes[position] == UInt8(ascii: ",") { position += 1; continue }
                    guard bytes[position] == UInt8(ascii: "]") else { throw SyntaxError(position: position) }
                    position += 1
                    return .array(items)
                }
            case UInt8(ascii: "\""):
                return .string(try string())
            case UInt8(ascii: "t"):
                position += 4
                return .bool(true)
            case UInt8(ascii: "f"):
                position += 5
                return .bool(false)
            case UInt8(ascii: "n"):
                position += 4
                return .null
            default:
                let start = position
                while position < bytes.count, "+-0123456789.eE".utf8.contains(bytes[position]) { position += 1 }
                guard position > start else { throw SyntaxError(position: position) }
                return .number(String(decoding: bytes[start..<position], as: UTF8.self))
            }
        }

        mutating func string() throws -> String {
            guard bytes[position] == UInt8(ascii: "\"") else { throw SyntaxError(position: position) }
            position += 1
            var scalars = String.UnicodeScalarView()
            var raw: [UInt8] = []
            func flushRaw() {
                scalars.append(contentsOf: String(decoding: raw, as: UTF8.self).unicodeScalars)
                raw.removeAll()
            }
            var pendingHigh: UInt32?
            while true {
                guard position < bytes.count else { throw SyntaxError(position: position) }
                let byte = bytes[position]
                position += 1
                if byte == UInt8(ascii: "\"") { break }
                if byte != UInt8(ascii: "\\") {
                    raw.append(byte)
                    continue
                }
                flushRaw()
                let escape = bytes[position]
                position += 1
                switch escape {
                case UInt8(ascii: "n"): scalars.append("\n")
                case UInt8(ascii: "t"): scalars.append("\t")
                case UInt8(ascii: "r"): scalars.append("\r")
                case UInt8(ascii: "b"): scalars.append("\u{08}")
                case UInt8(ascii: "f"): scalars.append("\u{0C}")
                case UInt8(ascii: "u"):
                    let hex = String(decoding: bytes[position..<(position + 4)], as: UTF8.self)
                    position += 4
                    guard let code = UInt32(hex, radix: 16) else { throw SyntaxError(position: position) }
                    if (0xD800...0xDBFF).contains(code) {
                        pendingHigh = code
                    } else if (0xDC00...0xDFFF).contains(code), let high = pendingHigh {
                        let combined = 0x10000 + ((high - 0xD800) << 10) + (code - 0xDC00)
                        scalars.append(Unicode.Scalar(combined)!)
                        pendingHigh = nil
                    } else {
                        scalars.append(Unicode.Scalar(code) ?? "\u{FFFD}")
                    }
                default: scalars.append(Unicode.Scalar(escape))
                }
            }
            flushRaw()
            return String(scalars)
        }
    }
}
