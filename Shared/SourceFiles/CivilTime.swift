import Foundation
import PipelineContracts

/// Calendar arithmetic for source files: civil dates (``CivilDate``) and Europe/London wall-clock conversion.
package enum CivilTime {
    /// Days from 1970-01-01 to the given date (negative before it).
    package static func days(year: Int, month: Int, day: Int) -> Int { CivilDate.days(year: year, month: month, day: day) }

    /// Days in a month.
    package static func daysInMonth(year: Int, month: Int) -> Int { CivilDate.daysInMonth(year: year, month: month) }

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
