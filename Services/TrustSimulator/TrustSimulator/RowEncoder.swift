import PipelineContracts

/// Appends source rows as bytes in one of the two wire formats the Trust publishes: PostgreSQL `COPY` text
/// (tab-separated, `\N` for null) and the pipeline's CSV dialect (RFC 4180 comma-separated, double-quoted
/// only when needed, empty field for null, integers as integers, ISO dates `YYYY-MM-DD` and timestamps
/// `YYYY-MM-DD HH:MM:SS`).
package struct RowEncoder {
    package enum Format: Sendable {
        case copyText
        case csv
    }

    package let format: Format
    package private(set) var bytes: [UInt8] = []
    private var fieldsInRow = 0

    package init(format: Format) {
        self.format = format
        bytes.reserveCapacity(1 << 16)
    }

    package mutating func removeAll() { bytes.removeAll(keepingCapacity: true) }

    private mutating func separate() {
        if fieldsInRow > 0 { bytes.append(format == .csv ? UInt8(ascii: ",") : UInt8(ascii: "\t")) }
        fieldsInRow += 1
    }

    package mutating func null() {
        separate()
        if format == .copyText { bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "N")]) }
    }

    package mutating func int(_ value: Int) {
        separate()
        appendDigits(value)
    }

    package mutating func int(_ value: Int?) {
        guard let value else { return null() }
        int(value)
    }

    package mutating func bool(_ value: Bool) {
        separate()
        if format == .copyText {
            bytes.append(value ? UInt8(ascii: "t") : UInt8(ascii: "f"))
        } else {
            bytes.append(contentsOf: Array((value ? "true" : "false").utf8))
        }
    }

    package mutating func text(_ value: String?) {
        guard let value else { return null() }
        separate()
        appendText(value)
    }

    /// A field written verbatim (used to plant malformed values in files).
    package mutating func raw(_ value: String) {
        separate()
        bytes.append(contentsOf: Array(value.utf8))
    }

    package mutating func date(_ value: BusinessDate?) {
        guard let value else { return null() }
        separate()
        appendDate(value)
    }

    package mutating func timestamp(_ value: WallClockTime?) {
        guard let value else { return null() }
        separate()
        appendDate(value.date)
        bytes.append(UInt8(ascii: " "))
        let second = value.secondOfDay
        appendTwo(second / 3600)
        bytes.append(UInt8(ascii: ":"))
        appendTwo(second / 60 % 60)
        bytes.append(UInt8(ascii: ":"))
        appendTwo(second % 60)
    }

    package mutating func endRow() {
        bytes.append(UInt8(ascii: "\n"))
        fieldsInRow = 0
    }

    /// A header row of column names.
    package mutating func header(_ columns: [String]) {
        for column in columns { text(column) }
        endRow()
    }

    private mutating func appendText(_ value: String) {
        let utf8 = value.utf8
        switch format {
        case .copyText:
            for byte in utf8 {
                switch byte {
                case UInt8(ascii: "\\"): bytes.append(contentsOf: [92, 92])
                case UInt8(ascii: "\t"): bytes.append(contentsOf: [92, UInt8(ascii: "t")])
                case UInt8(ascii: "\n"): bytes.append(contentsOf: [92, UInt8(ascii: "n")])
                case UInt8(ascii: "\r"): bytes.append(contentsOf: [92, UInt8(ascii: "r")])
                default: bytes.append(byte)
                }
            }
        case .csv:
            let needsQuotes = utf8.contains { $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: "\"") || $0 == 10 || $0 == 13 }
                || utf8.isEmpty
            guard needsQuotes else { return bytes.append(contentsOf: utf8) }
            bytes.append(UInt8(ascii: "\""))
            for byte in utf8 {
                if byte == UInt8(ascii: "\"") { bytes.append(byte) }
                bytes.append(byte)
            }
            bytes.append(UInt8(ascii: "\""))
        }
    }

    private mutating func appendDate(_ date: BusinessDate) {
        let (year, month, day) = date.components
        appendDigits(year / 1000 % 10)
        appendDigits(year / 100 % 10)
        appendTwo(year % 100)
        bytes.append(UInt8(ascii: "-"))
        appendTwo(month)
        bytes.append(UInt8(ascii: "-"))
        appendTwo(day)
    }

    private mutating func appendTwo(_ value: Int) {
        bytes.append(UInt8(48 + value / 10))
        bytes.append(UInt8(48 + value % 10))
    }

    private mutating func appendDigits(_ value: Int) {
        if value < 0 {
            bytes.append(UInt8(ascii: "-"))
            return appendDigits(-value)
        }
        if value >= 10 { appendDigits(value / 10) }
        bytes.append(UInt8(48 + value % 10))
    }
}
