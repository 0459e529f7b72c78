import Foundation
import Parquet

/// Text → typed value for each ``TypedColumn`` type. See ``TypedColumn`` for the accepted forms.
///
/// Everything works on UTF-8 bytes: the CSV converter hands over field bytes straight from the read buffer, and
/// the typed parsers (``int64(_:)``, ``timestamp(_:unit:isAdjustedToUTC:)``, …) return plain values, so a batch
/// builder appends them to typed arrays with no `String` or ``ParquetValue`` per value. Failures are plain
/// ``Reason`` values, made text only for rejects; the text names the expected form, never the value.
enum TypedValueParser {
    typealias Bytes = UnsafeBufferPointer<UInt8>

    /// Why a value cannot be converted: a plain value on the hot path, made text (``failure``) only for rejects.
    enum Reason: Error, Sendable, Hashable {
        case missing, nulInText, notInteger, notWholeNumber, outOfInt32Range, notBoolean, notNumber, notDecimal
        case tooManyDecimalPlaces(scale: Int)
        case tooManyDigits(precision: Int)
        case invalidDate, invalidTimestamp, subMillisecond, timestampOutOfRange, unreachable

        /// The reason as a reject records it (it names the expected form, never the value).
        var failure: TypedValueFailure {
            switch self {
            case .missing: TypedValueFailure("missing required value")
            case .nulInText: TypedValueFailure("NUL byte in text")
            case .notInteger: TypedValueFailure("not an integer")
            case .notWholeNumber: TypedValueFailure("not a whole number")
            case .outOfInt32Range: TypedValueFailure("integer out of 32-bit range")
            case .notBoolean: TypedValueFailure("not a boolean (expected True/False/true/false/1/0)")
            case .notNumber: TypedValueFailure("not a number")
            case .notDecimal: TypedValueFailure("not a decimal number")
            case .tooManyDecimalPlaces(let scale): TypedValueFailure("more than \(scale) decimal places (would lose precision)")
            case .tooManyDigits(let precision): TypedValueFailure("more than \(precision) significant digits")
            case .invalidDate: TypedValueFailure("invalid date (expected YYYY-MM-DD)")
            case .invalidTimestamp: TypedValueFailure("invalid timestamp (expected YYYY-MM-DD[ HH:MM:SS[.ffffff]])")
            case .subMillisecond: TypedValueFailure("timestamp has sub-millisecond precision the column cannot hold")
            case .timestampOutOfRange: TypedValueFailure("timestamp out of range")
            case .unreachable: TypedValueFailure("unreachable")
            }
        }
    }

    /// Parses `text` as a value of `type`.
    static func parse(_ text: String, as type: ParquetLogicalType, nullable: Bool) -> Result<ParquetValue, TypedValueFailure> {
        var text = text
        return text.withUTF8 { parse(bytes: $0, as: type, nullable: nullable) }
    }

    /// Parses the UTF-8 `bytes` (valid UTF-8) as a value of `type`.
    static func parse(bytes: Bytes, as type: ParquetLogicalType, nullable: Bool) -> Result<ParquetValue, TypedValueFailure> {
        value(bytes, as: type, nullable: nullable).mapError { $0.failure }
    }

    private static func value(_ bytes: Bytes, as type: ParquetLogicalType, nullable: Bool) -> Result<ParquetValue, Reason> {
        switch type {
        case .string:
            if bytes.isEmpty { return nullable ? .success(.null) : .failure(.missing) }
            // A NUL cannot pass as text: no warehouse text type holds it, and dropping it would change the value.
            if containsNUL(bytes) { return .failure(.nulInText) }
            return .success(.string(String(decoding: bytes, as: UTF8.self)))
        case .binary:
            if bytes.isEmpty { return nullable ? .success(.null) : .failure(.missing) }
            return .success(.bytes(Array(bytes)))
        default:
            break
        }
        return withTrimmed(bytes) { trimmed -> Result<ParquetValue, Reason> in
            if trimmed.isEmpty { return nullable ? .success(.null) : .failure(.missing) }
            switch type {
            case .int32: return int32(trimmed).map(ParquetValue.int32)
            case .int64: return int64(trimmed).map(ParquetValue.int64)
            case .boolean: return boolean(trimmed).map(ParquetValue.bool)
            case .double: return double(trimmed).map(ParquetValue.double)
            case .float: return double(trimmed).map { ParquetValue.float(Float($0)) }
            case .decimal(let precision, let scale):
                return decimal(trimmed, precision: precision, scale: scale).map(ParquetValue.decimal)
            case .date: return date(trimmed).map(ParquetValue.date)
            case .timestamp(let unit, let isAdjustedToUTC):
                return timestamp(trimmed, unit: unit, isAdjustedToUTC: isAdjustedToUTC).map(ParquetValue.timestamp)
            case .string, .binary: return .failure(.unreachable)
            }
        }
    }

    // MARK: - Pieces shared with the batch builder

    /// Whether `bytes` holds a NUL byte.
    @inline(__always)
    static func containsNUL(_ bytes: Bytes) -> Bool {
        guard let base = bytes.baseAddress, !bytes.isEmpty else { return false }
        return memchr(base, 0, bytes.count) != nil
    }

    /// Calls `body` with `bytes` trimmed of leading and trailing whitespace as Foundation's
    /// `CharacterSet.whitespaces` defines it (space, tab and the Unicode space separators).
    @inline(__always)
    static func withTrimmed<R>(_ bytes: Bytes, _ body: (Bytes) -> R) -> R {
        var low = 0
        var high = bytes.count
        while low < high, bytes[low] == 0x20 || bytes[low] == 0x09 { low += 1 }
        while high > low, bytes[high - 1] == 0x20 || bytes[high - 1] == 0x09 { high -= 1 }
        if low < high, bytes[low] >= 0x80 || bytes[high - 1] >= 0x80 {
            // A non-ASCII character at an edge may be a Unicode space: let Foundation decide.
            var text = String(decoding: bytes, as: UTF8.self).trimmingCharacters(in: .whitespaces)
            return text.withUTF8 { body($0) }
        }
        return body(Bytes(rebasing: bytes[low..<high]))
    }

    // MARK: - Typed parsers (on trimmed, non-empty text)

    static func int32(_ bytes: Bytes) -> Result<Int32, Reason> {
        guard let value = integer(bytes) else { return .failure(.notInteger) }
        guard let narrow = Int32(exactly: value) else { return .failure(.outOfInt32Range) }
        return .success(narrow)
    }

    @inline(__always)
    static func int64(_ bytes: Bytes) -> Result<Int64, Reason> {
        if let value = integer(bytes) { return .success(value) }
        return .failure(isDigitsWithFraction(bytes) ? .notWholeNumber : .notInteger)
    }

    /// `true`/`false`/`1`/`0`, any case.
    static func boolean(_ bytes: Bytes) -> Result<Bool, Reason> {
        if bytes.contains(where: { $0 >= 0x80 }) {
            switch String(decoding: bytes, as: UTF8.self).lowercased() {
            case "true", "1": return .success(true)
            case "false", "0": return .success(false)
            default: return .failure(.notBoolean)
            }
        }
        func matches(_ word: StaticString) -> Bool {
            guard word.utf8CodeUnitCount == bytes.count else { return false }
            for index in 0..<bytes.count {
                let byte = bytes[index]
                let lowered = byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte
                guard lowered == word.utf8Start[index] else { return false }
            }
            return true
        }
        if matches("true") || matches("1") { return .success(true) }
        if matches("false") || matches("0") { return .success(false) }
        return .failure(.notBoolean)
    }

    static func double(_ bytes: Bytes) -> Result<Double, Reason> {
        guard let value = Double(String(decoding: bytes, as: UTF8.self)), value.isFinite else {
            return .failure(.notNumber)
        }
        return .success(value)
    }

    /// `[-+]digits[.digits]` with at most `scale` decimal places (trailing zeros beyond it are dropped) and at
    /// most `precision` significant digits, as the unscaled integer.
    static func decimal(_ bytes: Bytes, precision: Int, scale: Int) -> Result<Int128, Reason> {
        var index = 0
        var negative = false
        if index < bytes.count, bytes[index] == 0x2D || bytes[index] == 0x2B {
            negative = bytes[index] == 0x2D
            index += 1
        }
        let integerStart = index
        var point = -1
        while index < bytes.count {
            let byte = bytes[index]
            if byte == 0x2E, point < 0 {
                point = index
            } else if byte < 0x30 || byte > 0x39 {
                return .failure(.notDecimal)
            }
            index += 1
        }
        let integerEnd = point < 0 ? bytes.count : point
        let fractionStart = point < 0 ? bytes.count : point + 1
        var fractionEnd = bytes.count
        guard integerEnd > integerStart || fractionEnd > fractionStart else {
            return .failure(.notDecimal)
        }
        while fractionEnd - fractionStart > scale, bytes[fractionEnd - 1] == 0x30 { fractionEnd -= 1 }
        guard fractionEnd - fractionStart <= scale else {
            return .failure(.tooManyDecimalPlaces(scale: scale))
        }
        var integerFirst = integerStart
        while integerFirst < integerEnd, bytes[integerFirst] == 0x30 { integerFirst += 1 }
        guard (integerEnd - integerFirst) + scale <= precision else {
            return .failure(.tooManyDigits(precision: precision))
        }
        var unscaled: Int128 = 0
        while integerFirst < integerEnd {
            unscaled = unscaled * 10 + Int128(bytes[integerFirst] - 0x30)
            integerFirst += 1
        }
        var fraction = fractionStart
        while fraction < fractionEnd {
            unscaled = unscaled * 10 + Int128(bytes[fraction] - 0x30)
            fraction += 1
        }
        for _ in 0..<(scale - (fractionEnd - fractionStart)) { unscaled *= 10 }
        return .success(negative ? -unscaled : unscaled)
    }

    /// Days since 1970-01-01 of `YYYY-MM-DD`.
    static func date(_ bytes: Bytes) -> Result<Int32, Reason> {
        guard bytes.count == 10, let days = dateDays(bytes) else {
            return .failure(.invalidDate)
        }
        return .success(Int32(days))
    }

    /// `YYYY-MM-DD[ HH:MM:SS[.ffffff]]` (or `T` between date and time) in the column's unit; Europe/London
    /// wall-clock time converted to UTC when `isAdjustedToUTC`.
    @inline(__always)
    static func timestamp(_ bytes: Bytes, unit: ParquetTimeUnit, isAdjustedToUTC: Bool) -> Result<Int64, Reason> {
        guard let micros = timestampMicros(bytes) else {
            return .failure(.invalidTimestamp)
        }
        var value = micros
        if isAdjustedToUTC {
            value = CivilTime.londonWallClockToUTC(micros: micros)
        }
        switch unit {
        case .microseconds: return .success(value)
        case .milliseconds:
            guard value % 1000 == 0 else {
                return .failure(.subMillisecond)
            }
            return .success(value / 1000)
        case .nanoseconds:
            let (scaled, overflow) = value.multipliedReportingOverflow(by: 1000)
            return overflow ? .failure(.timestampOutOfRange) : .success(scaled)
        }
    }

    // MARK: - Lexing

    /// `[-+]digits` or `[-+]digits.0…0`.
    @inline(__always)
    static func integer(_ bytes: Bytes) -> Int64? {
        var index = 0
        let count = bytes.count
        var negative = false
        if index < count, bytes[index] == 0x2D || bytes[index] == 0x2B {
            negative = bytes[index] == 0x2D
            index += 1
        }
        guard index < count else { return nil }
        var value: Int64 = 0
        let firstDigit = index
        while index < count {
            let digit = bytes[index] &- 0x30
            guard digit <= 9 else { break }
            value = value &* 10 &+ Int64(digit)
            index += 1
        }
        guard index > firstDigit else { return nil }
        if index - firstDigit > 18 {
            // 19 digits or more may not fit: again, checking each step.
            value = 0
            for position in firstDigit..<index {
                let (times, o1) = value.multipliedReportingOverflow(by: 10)
                let (plus, o2) = times.addingReportingOverflow(Int64(bytes[position] &- 0x30))
                guard !o1, !o2 else { return nil }
                value = plus
            }
        }
        if index < count {
            guard bytes[index] == 0x2E, index + 1 < count else { return nil }
            index += 1
            while index < count {
                guard bytes[index] == 0x30 else { return nil }
                index += 1
            }
        }
        return negative ? -value : value
    }

    private static func isDigitsWithFraction(_ bytes: Bytes) -> Bool {
        bytes.contains(0x2E) && bytes.allSatisfy { ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x2E || $0 == 0x2D }
    }

    /// The decimal number of `bytes[from..<to]` (all digits), or nil.
    @inline(__always)
    private static func number(_ bytes: Bytes, _ from: Int, _ to: Int) -> Int? {
        guard from < to else { return nil }
        var value = 0
        var index = from
        while index < to {
            let digit = bytes[index] &- 0x30
            guard digit <= 9 else { return nil }
            value = value * 10 + Int(digit)
            index += 1
        }
        return value
    }

    /// Days since 1970-01-01 of the `YYYY-MM-DD` in the first 10 bytes; nil for an impossible date or year 0000
    /// (before year 1, which no warehouse date type holds).
    @inline(__always)
    private static func dateDays(_ bytes: Bytes) -> Int? {
        guard bytes.count >= 10, bytes[4] == 0x2D, bytes[7] == 0x2D, let year = number(bytes, 0, 4),
            let month = number(bytes, 5, 7), let day = number(bytes, 8, 10), year >= 1, month >= 1, month <= 12,
            day >= 1, day <= CivilTime.daysInMonth(year: year, month: month)
        else { return nil }
        return CivilTime.days(year: year, month: month, day: day)
    }

    /// Microseconds since 1970-01-01T00:00 of the wall-clock value.
    @inline(__always)
    private static func timestampMicros(_ bytes: Bytes) -> Int64? {
        let count = bytes.count
        guard count >= 10, let days = dateDays(bytes) else { return nil }
        var micros = Int64(days) * 86_400_000_000
        guard count > 10 else { return micros }
        guard count >= 19, bytes[10] == 0x20 || bytes[10] == 0x54, bytes[13] == 0x3A, bytes[16] == 0x3A,
            let hour = number(bytes, 11, 13), let minute = number(bytes, 14, 16), let second = number(bytes, 17, 19),
            hour < 24, minute < 60, second < 60
        else { return nil }
        micros += Int64((hour * 3600 + minute * 60 + second)) * 1_000_000
        guard count > 19 else { return micros }
        guard bytes[19] == 0x2E, count > 20, count <= 26, let fraction = number(bytes, 20, count) else {
            return nil
        }
        var scaled = fraction
        for _ in 0..<(6 - (count - 20)) { scaled *= 10 }
        return micros + Int64(scaled)
    }
}
