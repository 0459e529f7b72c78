import Foundation

/// A compiled `regex` expectation pattern.
///
/// Patterns made only of character classes, literals and quantifiers (`^[0-9a-f]{64}$`, `^RTT-\d+$`) run on
/// a small byte matcher with no allocation per value; anything else (groups, alternation, look-around) and
/// non-ASCII values use `NSRegularExpression`. Both give the same answers; the fast path is just faster.
package struct ValuePattern: @unchecked Sendable {
    // `NSRegularExpression` is immutable after creation and documented as thread-safe for matching.
    private let expression: NSRegularExpression
    private let program: [Step]?
    private let anchoredStart: Bool
    private let anchoredEnd: Bool
    /// For an anchored pattern whose steps all repeat a fixed number of times: the total length and one
    /// 256-entry table per byte position (1 = accepted), so matching is a table lookup per byte with no branch.
    private let fixedTable: [UInt8]?

    /// One character class with its repeat count; the class is a 128-bit set of ASCII bytes (no array, so
    /// matching copies no reference-counted storage).
    private struct Step {
        var low: UInt64  // bytes 0–63
        var high: UInt64  // bytes 64–127
        var min: Int
        var max: Int

        init(accepts: [Bool], min: Int, max: Int) {
            (low, high) = (0, 0)
            for byte in accepts.indices where accepts[byte] {
                if byte < 64 { low |= 1 << UInt64(byte) } else { high |= 1 << UInt64(byte - 64) }
            }
            self.min = min
            self.max = max
        }

        @inline(__always) func accepts(_ byte: UInt8) -> Bool {
            byte < 64 ? (low &>> UInt64(byte)) & 1 == 1 : byte < 128 && (high &>> UInt64(byte &- 64)) & 1 == 1
        }
    }

    /// - Throws: ``DQValidatorError`` `invalid_suite` when the pattern does not compile.
    package init(_ pattern: String, context: String = "") throws {
        // A final `$` means the end of the value, as in the byte matcher: ICU's `$` would also match before a
        // trailing newline, letting "ABC\n" pass `^[A-Z]{3}$`.
        let endAnchored = pattern.hasSuffix("$") && !pattern.hasSuffix("\\$")
        do {
            expression = try NSRegularExpression(pattern: endAnchored ? pattern.dropLast() + "\\z" : pattern)
        } catch {
            throw DQValidatorError(.invalidSuite, "\(context): pattern does not compile as a regular expression")
        }
        var bytes = Array(pattern.utf8)
        anchoredStart = bytes.first == UInt8(ascii: "^")
        if anchoredStart { bytes.removeFirst() }
        anchoredEnd = bytes.last == UInt8(ascii: "$") && (bytes.count < 2 || bytes[bytes.count - 2] != UInt8(ascii: "\\"))
        if anchoredEnd { bytes.removeLast() }
        program = ValuePattern.compile(bytes)
        if let program, anchoredStart, program.allSatisfy({ $0.min == $0.max }), program.reduce(0, { $0 + $1.min }) <= 4096 {
            var table: [UInt8] = []
            for step in program {
                let row = (0..<256).map { UInt8($0 < 128 && step.accepts(UInt8($0)) ? 1 : 0) }
                for _ in 0..<step.min { table += row }
            }
            fixedTable = table
        } else {
            fixedTable = nil
        }
    }

    /// True when `value` (UTF-8 bytes) matches.
    package func matches(_ value: UnsafeBufferPointer<UInt8>) -> Bool {
        if let fixedTable, let matched = ValuePattern.runFixed(fixedTable, value, anchoredEnd) {
            return matched
        }
        if let program, value.allSatisfy({ $0 < 128 }) {
            if anchoredStart { return ValuePattern.run(program, 0, value, 0, anchoredEnd) }
            for start in 0...value.count where ValuePattern.run(program, 0, value, start, anchoredEnd) { return true }
            return false
        }
        let text = String(decoding: value, as: UTF8.self)
        return matches(text)
    }

    /// True when `text` matches (always through `NSRegularExpression`).
    package func matches(_ text: String) -> Bool {
        expression.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) != nil
    }

    /// The match of an anchored pattern whose steps all repeat a fixed number of times (`^[0-9a-f]{64}$`): one
    /// table lookup per byte, no backtracking. Nil when the value holds a non-ASCII byte and does not match here
    /// (the general engine then answers, as classes like `.` or `[^a]` may match a non-ASCII character).
    private static func runFixed(_ table: [UInt8], _ value: UnsafeBufferPointer<UInt8>, _ anchoredEnd: Bool) -> Bool? {
        let length = table.count / 256
        var matched = value.count >= length && (!anchoredEnd || value.count == length)
        if matched {
            var accepted: UInt8 = 1
            table.withUnsafeBufferPointer { table in
                for position in 0..<length { accepted &= table[position &* 256 &+ Int(value[position])] }
            }
            matched = accepted == 1
        }
        if matched { return true }
        return value.contains { $0 >= 128 } ? nil : false
    }

    private static func run(_ program: [Step], _ index: Int, _ value: UnsafeBufferPointer<UInt8>, _ position: Int, _ anchoredEnd: Bool) -> Bool {
        if index == program.count { return !anchoredEnd || position == value.count }
        let step = program[index]
        var count = 0
        while count < step.max, position + count < value.count, step.accepts(value[position + count]) { count += 1 }
        guard count >= step.min else { return false }
        // Greedy with backtracking; steps are short so this stays cheap.
        while count >= step.min {
            if run(program, index + 1, value, position + count, anchoredEnd) { return true }
            count -= 1
        }
        return false
    }

    /// Compiles the simple subset, or returns nil so the general engine is used.
    private static func compile(_ bytes: [UInt8]) -> [Step]? {
        var steps: [Step] = []
        var i = 0
        while i < bytes.count {
            var accepts = [Bool](repeating: false, count: 128)
            let byte = bytes[i]
            switch byte {
            case UInt8(ascii: "["):
                i += 1
                var negate = false
                if i < bytes.count, bytes[i] == UInt8(ascii: "^") {
                    negate = true
                    i += 1
                }
                var first = true
                while i < bytes.count, bytes[i] != UInt8(ascii: "]") || first {
                    first = false
                    var low = bytes[i]
                    if low == UInt8(ascii: "\\") {
                        guard i + 1 < bytes.count, let set = escapeClass(bytes[i + 1]) else { return nil }
                        for b in set { accepts[Int(b)] = true }
                        i += 2
                        continue
                    }
                    if low == UInt8(ascii: "[") { return nil }
                    if i + 2 < bytes.count, bytes[i + 1] == UInt8(ascii: "-"), bytes[i + 2] != UInt8(ascii: "]") {
                        let high = bytes[i + 2]
                        guard low <= high, high < 128 else { return nil }
                        while low <= high {
                            accepts[Int(low)] = true
                            if low == 127 { break }
                            low += 1
                        }
                        i += 3
                    } else {
                        guard low < 128 else { return nil }
                        accepts[Int(low)] = true
                        i += 1
                    }
                }
                guard i < bytes.count else { return nil }
                i += 1
                if negate { accepts = accepts.map { !$0 } }
            case UInt8(ascii: "\\"):
                guard i + 1 < bytes.count else { return nil }
                if let set = escapeClass(bytes[i + 1]) {
                    for b in set { accepts[Int(b)] = true }
                } else if "().[]{}*+?^$|\\-/".utf8.contains(bytes[i + 1]) {
                    accepts[Int(bytes[i + 1])] = true
                } else {
                    return nil
                }
                i += 2
            case UInt8(ascii: "."):
                accepts = [Bool](repeating: true, count: 128)
                accepts[10] = false
                i += 1
            case UInt8(ascii: "("), UInt8(ascii: ")"), UInt8(ascii: "|"), UInt8(ascii: "^"), UInt8(ascii: "$"),
                UInt8(ascii: "*"), UInt8(ascii: "+"), UInt8(ascii: "?"), UInt8(ascii: "{"), UInt8(ascii: "}"):
                return nil
            default:
                guard byte < 128 else { return nil }
                accepts[Int(byte)] = true
                i += 1
            }
            var min = 1
            var max = 1
            if i < bytes.count {
                switch bytes[i] {
                case UInt8(ascii: "*"): (min, max, i) = (0, Int.max, i + 1)
                case UInt8(ascii: "+"): (min, max, i) = (1, Int.max, i + 1)
                case UInt8(ascii: "?"): (min, max, i) = (0, 1, i + 1)
                case UInt8(ascii: "{"):
                    guard let close = bytes[i...].firstIndex(of: UInt8(ascii: "}")) else { return nil }
                    let body = String(decoding: bytes[(i + 1)..<close], as: UTF8.self)
                    let parts = body.split(separator: ",", omittingEmptySubsequences: false)
                    guard let low = Int(parts[0]) else { return nil }
                    min = low
                    if parts.count == 1 {
                        max = low
                    } else if parts.count == 2 {
                        max = parts[1].isEmpty ? Int.max : (Int(parts[1]) ?? -1)
                        guard max >= min else { return nil }
                    } else {
                        return nil
                    }
                    i = close + 1
                default: break
                }
                if i < bytes.count, bytes[i] == UInt8(ascii: "?") || bytes[i] == UInt8(ascii: "+") { return nil }  // lazy/possessive
            }
            steps.append(Step(accepts: accepts, min: min, max: max))
        }
        return steps
    }

    private static func escapeClass(_ byte: UInt8) -> [UInt8]? {
        switch byte {
        case UInt8(ascii: "d"): return Array(48...57)
        case UInt8(ascii: "w"): return Array(48...57) + Array(65...90) + Array(97...122) + [95]
        case UInt8(ascii: "s"): return [9, 10, 11, 12, 13, 32]
        default: return nil
        }
    }
}

