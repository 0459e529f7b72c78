import Foundation
import Parquet

/// Text → ``ParquetValue`` for each ``TypedColumn`` type. See ``TypedColumn`` for the accepted forms.
enum TypedValueParser {
    static func parse(_ text: String, as type: ParquetLogicalType, nullable: Bool) -> Result<ParquetValue, TypedValueFailure> {
        if case .string = type {
            if text.isEmpty { return nullable ? .success(.null) : .failure(TypedValueFailure("missing required value")) }
            // A NUL cannot pass as text: no warehouse text type holds it, and dropping it would change the value.
            if text.utf8.contains(0) { return .failure(TypedValueFailure("NUL byte in text")) }
            return .success(.string(text))
        }
        if case .binary = type {
            if text.isEmpty { return nullable ? .success(.null) : .failure(TypedValueFailure("missing required value")) }
            return .success(.bytes(Array(text.utf8)))
        }
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if trimmed.isEmpty { return nullable ? .success(.null) : .failure(TypedValueFailure("missing required value")) }
        let bytes = Array(trimmed.utf8)
        switch type {
        case .int32:
            guard let value = integer(bytes) else { return .failure(TypedValueFailure("not an integer")) }
            guard let narrow = Int32(exactly: value) else { return .failure(TypedValueFailure("integer out of 32-bit range")) }
            return .success(.int32(narrow))
        case .int64:
            guard let value = integer(bytes) else {
                return .failure(TypedValueFailure(isDigitsWithFraction(bytes) ? "not a whole number" : "not an integer"))
            }
            return .success(.int64(value))
        case .boolean:
            switch trimmed.lowercased() {
            case "true", "1": return .success(.bool(true))
            case "false", "0": return .success(.bool(false))
            default: return .failure(TypedValueFailure("not a boolean (expected True/False/true/false/1/0)"))
            }
        case .double, .float:
            guard let value = Double(trimmed), value.isFinite else { return .failure(TypedValueFailure("not a number")) }
            if case .float = type { return .success(.float(Float(value))) }
            return .success(.double(value))
        case .decimal(let precision, let scale):
            return decimal(bytes, precision: precision, scale: scale)
        case .date:
            guard bytes.count == 10, let parts = dateParts(bytes[...]) else {
                return .failure(TypedValueFailure("invalid date (expected YYYY-MM-DD)"))
            }
            return .success(.date(Int32(CivilTime.days(year: parts.0, month: parts.1, day: parts.2))))
        case .timestamp(let unit, let isAdjustedToUTC):
            guard let micros = timestampMicros(bytes) else {
                return .failure(TypedValueFailure("invalid timestamp (expected YYYY-MM-DD[ HH:MM:SS[.ffffff]])"))
            }
            var value = micros
            if isAdjustedToUTC {
                value = CivilTime.londonWallClockToUTC(micros: micros)
            }
            switch unit {
            case .microseconds: return .success(.timestamp(value))
            case .milliseconds:
                guard value % 1000 == 0 else {
                    return .failure(TypedValueFailure("timestamp has sub-millisecond precision the column cannot hold"))
                }
                return .success(.timestamp(value / 1000))
            case .nanoseconds:
                let (scaled, overflow) = value.multipliedReportingOverflow(by: 1000)
                return overflow ? .failure(TypedValueFailure("timestamp out of range")) : .success(.timestamp(scaled))
            }
        case .string, .binary:
            return .failure(TypedValueFailure("unreachable"))
        }
    }

    /// `[-+]digits` or `[-+]digits.0…0`.
    private static func integer(_ bytes: [UInt8]) -> Int64? {
        var index = 0
        var negative = false
        if index < bytes.count, bytes[index] == 0x2D || bytes[index] == 0x2B {
            negative = bytes[index] == 0x2D
            index += 1
        }
        guard index < bytes.count else { return nil }
        var value: Int64 = 0
        var digits = 0
        while index < bytes.count, bytes[index] >= 0x30, bytes[index] <= 0x39 {
            let (times, o1) = value.multipliedReportingOverflow(by: 10)
            let (plus, o2) = times.addingReportingOverflow(Int64(bytes[index] - 0x30))
            guard !o1, !o2 else { return nil }
            value = plus
            digits += 1
            index += 1
        }
        guard digits > 0 else { return nil }
        if index < bytes.count {
            guard bytes[index] == 0x2E, index + 1 < bytes.count else { return nil }
            index += 1
            while index < bytes.count {
                guard bytes[index] == 0x30 else { return nil }
                index += 1
            }
        }
        return negative ? -value : value
    }

    private static func isDigitsWithFraction(_ bytes: [UInt8]) -> Bool {
        bytes.contains(0x2E) && bytes.allSatisfy { ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x2E || $0 == 0x2D }
    }

    private static func decimal(_ bytes: [UInt8], precision: Int, scale: Int) -> Result<ParquetValue, TypedValueFailure> {
        var index = 0
        var negative = false
        if index < bytes.count, bytes[index] == 0x2D || bytes[index] == 0x2B {
            negative = bytes[index] == 0x2D
            index += 1
        }
        var integerDigits: [UInt8] = []
        var fractionDigits: [UInt8] = []
        var seenPoint = false
        while index < bytes.count {
            let byte = bytes[index]
            if byte == 0x2E, !seenPoint {
                seenPoint = true
            } else if byte >= 0x30, byte <= 0x39 {
                if seenPoint { fractionDigits.append(byte - 0x30) } else { integerDigits.append(byte - 0x30) }
            } else {
                return .failure(TypedValueFailure("not a decimal number"))
            }
            index += 1
        }
        guard !integerDigits.isEmpty || !fractionDigits.isEmpty else {
            return .failure(TypedValueFailure("not a decimal number"))
        }
        while fractionDigits.count > scale, fractionDigits.last == 0 { fractionDigits.removeLast() }
        guard fractionDigits.count <= scale else {
            return .failure(TypedValueFailure("more than \(scale) decimal places (would lose precision)"))
        }
        fractionDigits += [UInt8](repeating: 0, count: scale - fractionDigits.count)
        while integerDigits.first == 0 { integerDigits.removeFirst() }
        guard integerDigits.count + scale <= precision else {
            return .failure(TypedValueFailure("more than \(precision) significant digits"))
        }
        var unscaled: Int128 = 0
        for digit in integerDigits + fractionDigits { unscaled = unscaled * 10 + Int128(digit) }
        return .success(.decimal(negative ? -unscaled : unscaled))
    }

    private static func number(_ bytes: ArraySlice<UInt8>) -> Int? {
        guard !bytes.isEmpty else { return nil }
        var value = 0
        for byte in bytes {
            guard byte >= 0x30, byte <= 0x39 else { return nil }
            value = value * 10 + Int(byte - 0x30)
        }
        return value
    }

    /// `YYYY-MM-DD` with a real calendar day.
    /// Year, month, day of `YYYY-MM-DD`; nil for an impossible date or year 0000 (before year 1, which no
    /// warehouse date type holds).
    private static func dateParts(_ bytes: ArraySlice<UInt8>) -> (Int, Int, Int)? {
        let base = bytes.startIndex
        guard bytes.count == 10, bytes[base + 4] == 0x2D, bytes[base + 7] == 0x2D,
            let year = number(bytes[base..<(base + 4)]), let month = number(bytes[(base + 5)..<(base + 7)]),
            let day = number(bytes[(base + 8)..<(base + 10)]), year >= 1, (1...12).contains(month),
            (1...CivilTime.daysInMonth(year: year, month: month)).contains(day)
        else { return nil }
        return (year, month, day)
    }

    /// Microseconds since 1970-01-01T00:00 of the wall-clock value.
    private static func timestampMicros(_ bytes: [UInt8]) -> Int64? {
        guard bytes.count >= 10, let (year, month, day) = dateParts(bytes[0..<10]) else { return nil }
        var micros = Int64(CivilTime.days(year: year, month: month, day: day)) * 86_400_000_000
        guard bytes.count > 10 else { return micros }
        guard bytes.count >= 19, bytes[10] == 0x20 || bytes[10] == 0x54, bytes[13] == 0x3A, bytes[16] == 0x3A,
            let hour = number(bytes[11..<13]), let minute = number(bytes[14..<16]), let second = number(bytes[17..<19]),
            hour < 24, minute < 60, second < 60
        else { return nil }
        micros += Int64((hour * 3600 + minute * 60 + second)) * 1_000_000
        guard bytes.count > 19 else { return micros }
        guard bytes[19] == 0x2E, bytes.count > 20, bytes.count <= 26, let fraction = number(bytes[20...]) else {
            return nil
        }
        var scaled = fraction
        for _ in 0..<(6 - (bytes.count - 20)) { scaled *= 10 }
        return micros + Int64(scaled)
    }
}
