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
            (1...BusinessDate.daysIn(month: month, year: year)).contains(day)
        else { return nil }
        self.daysSinceEpoch = BusinessDate.days(year: year, month: month, day: day)
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
        self.daysSinceEpoch = BusinessDate.days(year: parts.year!, month: parts.month!, day: parts.day!)
    }

    package var components: (year: Int, month: Int, day: Int) {
        // Civil-from-days (Howard Hinnant's algorithm, package domain arithmetic).
        let z = daysSinceEpoch + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

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

    private static func isLeap(_ year: Int) -> Bool { (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 }

    private static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return isLeap(year) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    private static func days(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = month > 2 ? month - 3 : month + 9
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }
}

extension TimeZone {
    /// The Trust's zone: every business date and source wall-clock time is Europe/London.
    package static let europeLondon = TimeZone(identifier: "Europe/London")!
}
