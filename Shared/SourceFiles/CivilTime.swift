import Foundation

/// Calendar arithmetic on the proleptic Gregorian calendar, without time zones.
package enum CivilTime {
    /// Days from 1970-01-01 to the given date (negative before it).
    package static func days(year: Int, month: Int, day: Int) -> Int {
        // Shift the year to start in March so the leap day is the last day of the year.
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// The date `days` after 1970-01-01.
    package static func date(days: Int) -> (year: Int, month: Int, day: Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    /// Days in a month.
    package static func daysInMonth(year: Int, month: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    private static let london = TimeZone(identifier: "Europe/London")!

    /// Converts a Europe/London wall-clock time (µs since the epoch, read as if UTC) to a UTC instant.
    ///
    /// Ambiguous times (the repeated hour in October) take the earlier (BST) instant; times in the skipped hour
    /// (March) are moved forward by the gap, as most libraries do.
    package static func londonWallClockToUTC(micros: Int64) -> Int64 {
        let wallSeconds = Double(micros) / 1_000_000
        let firstGuess = Date(timeIntervalSince1970: wallSeconds - Double(london.secondsFromGMT(for: Date(timeIntervalSince1970: wallSeconds))))
        var offset = london.secondsFromGMT(for: firstGuess)
        let earlier = Date(timeIntervalSince1970: wallSeconds - 3600)
        let earlierOffset = london.secondsFromGMT(for: earlier)
        if earlierOffset > offset, london.secondsFromGMT(for: Date(timeIntervalSince1970: wallSeconds - Double(earlierOffset))) == earlierOffset {
            offset = earlierOffset
        }
        return micros - Int64(offset) * 1_000_000
    }
}
