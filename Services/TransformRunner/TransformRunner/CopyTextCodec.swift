import Foundation
import Parquet
import PipelineContracts

/// PostgreSQL `COPY … (FORMAT text)` rows: encoding Parquet values for loading, decoding unloaded rows.
///
/// Text format: columns separated by a tab, rows ended by a newline, `\N` for NULL, and backslash escapes
/// for backslash, tab, newline and carriage return (and `\b`, `\f`, `\v`, octal and `\xHH` on input).
package enum CopyTextCodec {
    // MARK: Encoding (load)

    /// Appends one value's text form to `line`.
    ///
    /// - Throws: ``TransformError`` `loadFailed` for a date or timestamp outside years 1–9999.
    package static func append(_ value: ParquetValue, type: ParquetLogicalType, to line: inout [UInt8]) throws {
        switch value {
        case .null:
            line += [0x5C, 0x4E]  // \N
        case .bool(let flag):
            line.append(flag ? 0x74 : 0x66)
        case .int32(let number):
            line += Array(String(number).utf8)
        case .int64(let number):
            line += Array(String(number).utf8)
        case .float(let number):
            line += Array(floatText(Double(number)).utf8)
        case .double(let number):
            line += Array(floatText(number).utf8)
        case .string(let text):
            escape(Array(text.utf8), into: &line)
        case .bytes(let bytes):
            // bytea hex input `\x…`; the backslash itself is escaped for COPY.
            line += [0x5C, 0x5C, 0x78]
            for byte in bytes { line += hexDigits(byte) }
        case .date(let days):
            line += Array(try dateText(Int(days)).utf8)
        case .timestamp(let count):
            guard case .timestamp(let unit, let utc) = type else {
                throw TransformError(.loadFailed, "timestamp value in a non-timestamp column")
            }
            let micros: Int64
            switch unit {
            case .milliseconds: micros = count.multipliedReportingOverflow(by: 1000).partialValue
            case .microseconds: micros = count
            case .nanoseconds: micros = count >= 0 ? count / 1000 : (count - 999) / 1000
            }
            line += Array(try timestampText(micros: micros).utf8)
            if utc { line += Array("+00".utf8) }
        case .decimal(let unscaled):
            guard case .decimal(_, let scale) = type else {
                throw TransformError(.loadFailed, "decimal value in a non-decimal column")
            }
            line += Array(decimalText(unscaled, scale: scale).utf8)
        }
    }

    /// `YYYY-MM-DD` for days since 1970-01-01.
    package static func dateText(_ days: Int) throws -> String {
        let date = BusinessDate(daysSinceEpoch: days)
        guard (1...9999).contains(date.components.year) else {
            throw TransformError(.loadFailed, "date outside years 1-9999")
        }
        return date.description
    }

    /// `YYYY-MM-DD HH:MM:SS.ffffff` for microseconds since the epoch (no zone).
    package static func timestampText(micros: Int64) throws -> String {
        let perDay: Int64 = 86_400_000_000
        var days = micros / perDay
        var rest = micros % perDay
        if rest < 0 {
            rest += perDay
            days -= 1
        }
        let seconds = rest / 1_000_000
        let fraction = rest % 1_000_000
        return try dateText(Int(days))
            + String(format: " %02d:%02d:%02d.%06d", Int(seconds / 3600), Int(seconds / 60 % 60), Int(seconds % 60), Int(fraction))
    }

    static func decimalText(_ unscaled: Int128, scale: Int) -> String {
        let negative = unscaled < 0
        var digits = String(negative ? 0 - unscaled : unscaled)
        guard scale > 0 else { return (negative ? "-" : "") + digits }
        if digits.count <= scale { digits = String(repeating: "0", count: scale - digits.count + 1) + digits }
        let split = digits.index(digits.endIndex, offsetBy: -scale)
        return (negative ? "-" : "") + digits[..<split] + "." + digits[split...]
    }

    static func floatText(_ number: Double) -> String {
        if number.isNaN { return "NaN" }
        if number.isInfinite { return number > 0 ? "Infinity" : "-Infinity" }
        return "\(number)"
    }

    static func escape(_ bytes: [UInt8], into line: inout [UInt8]) {
        for byte in bytes {
            switch byte {
            case 0x5C: line += [0x5C, 0x5C]
            case 0x09: line += [0x5C, 0x74]
            case 0x0A: line += [0x5C, 0x6E]
            case 0x0D: line += [0x5C, 0x72]
            case 0x00: break  // PostgreSQL text cannot hold NUL
            default: line.append(byte)
            }
        }
    }

    private static func hexDigits(_ byte: UInt8) -> [UInt8] {
        let digits = Array("0123456789abcdef".utf8)
        return [digits[Int(byte >> 4)], digits[Int(byte & 0x0F)]]
    }

    // MARK: Decoding (unload)

    /// Splits one text-format row (with or without its trailing newline) into unescaped fields; nil = NULL.
    package static func fields(_ row: ArraySlice<UInt8>) -> [[UInt8]?] {
        var fields: [[UInt8]?] = []
        var current: [UInt8] = []
        var isNull = false
        var index = row.startIndex
        var end = row.endIndex
        if end > index, row[end - 1] == 0x0A { end -= 1 }
        func finish() {
            fields.append(isNull ? nil : current)
            current = []
            isNull = false
        }
        while index < end {
            let byte = row[index]
            if byte == 0x09 {
                finish()
                index += 1
                continue
            }
            if byte == 0x5C, index + 1 < end {
                let next = row[index + 1]
                index += 2
                switch next {
                case 0x4E: isNull = true  // \N
                case 0x6E: current.append(0x0A)
                case 0x74: current.append(0x09)
                case 0x72: current.append(0x0D)
                case 0x62: current.append(0x08)
                case 0x66: current.append(0x0C)
                case 0x76: current.append(0x0B)
                case 0x78:  // \xHH
                    var value: UInt8 = 0
                    var taken = 0
                    while taken < 2, index < end, let digit = hexValue(row[index]) {
                        value = value << 4 | digit
                        index += 1
                        taken += 1
                    }
                    current.append(value)
                case 0x30...0x37:  // \ooo
                    var value = Int(next - 0x30)
                    var taken = 1
                    while taken < 3, index < end, (0x30...0x37).contains(row[index]) {
                        value = value * 8 + Int(row[index] - 0x30)
                        index += 1
                        taken += 1
                    }
                    current.append(UInt8(truncatingIfNeeded: value))
                default: current.append(next)
                }
                continue
            }
            current.append(byte)
            index += 1
        }
        finish()
        return fields
    }

    /// Converts one unloaded field (printed by ``WarehouseColumnType/unloadExpression(_:)``) to a Parquet value.
    ///
    /// - Throws: ``TransformError`` `unloadFailed` for text that does not parse as the column's type.
    package static func value(_ field: [UInt8]?, type: WarehouseColumnType, column: String) throws -> ParquetValue {
        guard let field else { return .null }
        let text = String(decoding: field, as: UTF8.self)
        func fail() -> TransformError { TransformError(.unloadFailed, "column \(column): unexpected value format from the warehouse") }
        switch type {
        case .boolean:
            guard text == "t" || text == "f" else { throw fail() }
            return .bool(text == "t")
        case .int32:
            guard let number = Int32(text) else { throw fail() }
            return .int32(number)
        case .int64:
            guard let number = Int64(text) else { throw fail() }
            return .int64(number)
        case .float:
            guard let number = parseDouble(text) else { throw fail() }
            return .float(Float(number))
        case .double:
            guard let number = parseDouble(text) else { throw fail() }
            return .double(number)
        case .text:
            return .string(text)
        case .bytea:
            guard text.hasPrefix("\\x"), text.utf8.count % 2 == 0 else { throw fail() }
            var bytes: [UInt8] = []
            let hex = Array(text.utf8.dropFirst(2))
            bytes.reserveCapacity(hex.count / 2)
            var i = 0
            while i < hex.count {
                guard let high = hexValue(hex[i]), let low = hexValue(hex[i + 1]) else { throw fail() }
                bytes.append(high << 4 | low)
                i += 2
            }
            return .bytes(bytes)
        case .date:
            guard let days = Int32(text) else { throw fail() }
            return .date(days)
        case .timestamp, .timestamptz:
            guard let micros = Int64(text) else { throw fail() }
            return .timestamp(micros)
        case .decimal(_, let scale):
            var digits = text
            var fraction = ""
            if let dot = text.firstIndex(of: ".") {
                digits = String(text[..<dot])
                fraction = String(text[text.index(after: dot)...])
            }
            guard fraction.count <= scale else { throw fail() }
            fraction += String(repeating: "0", count: scale - fraction.count)
            guard let unscaled = Int128(digits + fraction) else { throw fail() }
            return .decimal(unscaled)
        }
    }

    private static func parseDouble(_ text: String) -> Double? {
        switch text {
        case "NaN": return .nan
        case "Infinity": return .infinity
        case "-Infinity": return -.infinity
        default: return Double(text)
        }
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case 0x30...0x39: return byte - 0x30
        case 0x61...0x66: return byte - 0x61 + 10
        case 0x41...0x46: return byte - 0x41 + 10
        default: return nil
        }
    }
}
