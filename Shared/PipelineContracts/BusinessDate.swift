import Foundation

/// A calendar day, written `YYYY-MM-DD`, that a source change belongs to (Europe/London).
///
/// A business date carries no time and no time zone: it is a day number in the proleptic Gregorian
/// calendar, so arithmetic and comparisons never depend on the machine's zone or on DST.
package struct BusinessDate: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    /// Days since 1970-01-01.
    package let daysSinceEpoch: Int

    package init(daysSinceEpoch: Int) {
        self.daysSinceEpoch = daysSinceEpoch
    }

    /// Creates a date from its parts; returns nil for a day that does not exist (e.g. 2023-02-29).
    package init?(year: Int, month: Int, day: Int) {
        guard (1...9999).contains(year), (1...12).contains(month),
            (1...CivilDate.daysInMonth(year: year, month: month)).contains(day)
        else { return nil }
        self.daysSinceEpoch = CivilDate.days(year: year, month: month, day: day)
    }

    /// Parses the strict ISO form `YYYY-MM-DD`.
    ///
    /// - Throws: ``ContractError`` with code `malformedDate` for anything else.
    package init(iso text: String) throws {
        let bytes = Array(text.utf8)
        guard bytes.count == 10, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-"),
            let year = BusinessDate.number(bytes[0..<4]), let month = BusinessDate.number(bytes[5..<7]),
            let day = BusinessDate.number(bytes[8..<10]), let date = BusinessDate(year: year, month: month, day: day)
        else { throw ContractError(.malformedDate, "not a valid YYYY-MM-DD date: '\(text.prefix(40))'") }
        self = date
    }

    /// Parses the compact form `YYYYMMDD` used in source file names and export prefixes.
    package init(compact text: String) throws {
        let bytes = Array(text.utf8)
        guard bytes.count == 8, let year = BusinessDate.number(bytes[0..<4]),
            let month = BusinessDate.number(bytes[4..<6]), let day = BusinessDate.number(bytes[6..<8]),
            let date = BusinessDate(year: year, month: month, day: day)
        else { throw ContractError(.malformedDate, "not a valid YYYYMMDD date: '\(text.prefix(40))'") }
        self = date
    }

    /// The business date an instant falls on in `timeZone` (default Europe/London).
    package init(containing instant: Date, timeZone: TimeZone = .europeLondon) {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let parts = calendar.dateComponents([.year, .month, .day], from: instant)
        self.daysSinceEpoch = CivilDate.days(year: parts.year!, month: parts.month!, day: parts.day!)
    }

    package var components: (year: Int, month: Int, day: Int) { CivilDate.date(days: daysSinceEpoch) }

    /// `YYYY-MM-DD`.
    package var description: String {
        let (y, m, d) = components
        return String(format: "%04d-%02d-%02d", y, m, d)
    }

    /// `YYYYMMDD`.
    package var compact: String {
        let (y, m, d) = components
        return String(format: "%04d%02d%02d", y, m, d)
    }

    package func adding(days: Int) -> BusinessDate { BusinessDate(daysSinceEpoch: daysSinceEpoch + days) }
    package var next: BusinessDate { adding(days: 1) }
    package var previous: BusinessDate { adding(days: -1) }

    /// ISO weekday, Monday = 1 … Sunday = 7.
    package var isoWeekday: Int { ((daysSinceEpoch % 7 + 7 + 3) % 7) + 1 }

    /// Midnight at the start of this day in `timeZone`.
    package func startInstant(in timeZone: TimeZone = .europeLondon) -> Date {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let (y, m, d) = components
        return calendar.date(from: DateComponents(year: y, month: m, day: d))!
    }

    /// Every date from `self` through `last`, inclusive (empty when `last` is earlier).
    package func through(_ last: BusinessDate) -> [BusinessDate] {
        guard last >= self else { return [] }
        return (daysSinceEpoch...last.daysSinceEpoch).map(BusinessDate.init(daysSinceEpoch:))
    }

    package static func < (lhs: BusinessDate, rhs: BusinessDate) -> Bool { lhs.daysSinceEpoch < rhs.daysSinceEpoch }

    package init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        try self.init(iso: text)
    }

    package func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }

    private static func number(_ digits: ArraySlice<UInt8>) -> Int? {
        var value = 0
        for byte in digits {
            guard byte >= 48, byte <= 57 else { return nil }
            value = value * 10 + Int(byte - 48)
        }
        return value
    }
}

extension TimeZone {
    /// The Trust's zone: every business date and source wall-clock time is Europe/London.
    package static let europeLondon = TimeZone(identifier: "Europe/London")!
}
