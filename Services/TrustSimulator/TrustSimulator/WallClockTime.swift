import PipelineContracts

/// A Europe/London wall-clock timestamp without a zone (PostgreSQL `TIMESTAMP WITHOUT TIME ZONE`), in
/// whole seconds since 1970-01-01 00:00 wall time. Its business date is simply its calendar day.
package struct WallClockTime: Sendable, Hashable, Comparable {
    package var seconds: Int

    package init(seconds: Int) { self.seconds = seconds }

    /// `date` at `hour:minute:second`, moved out of the spring-forward gap (01:00–01:59 on the last Sunday
    /// of March does not exist in Europe/London) so every generated time is a real local time.
    package init(date: BusinessDate, hour: Int, minute: Int, second: Int = 0) {
        var hour = hour
        if hour == 1, WallClockTime.isSpringForward(date) { hour = 2 }
        seconds = date.daysSinceEpoch * 86_400 + hour * 3600 + minute * 60 + second
    }

    package var date: BusinessDate { BusinessDate(daysSinceEpoch: seconds.floorDivided(by: 86_400)) }

    /// Seconds since midnight.
    package var secondOfDay: Int { seconds - date.daysSinceEpoch * 86_400 }

    package var hour: Int { secondOfDay / 3600 }

    /// This time plus `minutes`, moved forward an hour when it lands in the spring-forward gap.
    package func adding(minutes: Int) -> WallClockTime {
        var result = WallClockTime(seconds: seconds + minutes * 60)
        if result.hour == 1, WallClockTime.isSpringForward(result.date) { result.seconds += 3600 }
        return result
    }

    package func adding(days: Int) -> WallClockTime { adding(minutes: days * 1440) }

    package static func < (lhs: WallClockTime, rhs: WallClockTime) -> Bool { lhs.seconds < rhs.seconds }

    /// True on the last Sunday of March (clocks go forward at 01:00 GMT).
    package static func isSpringForward(_ date: BusinessDate) -> Bool {
        let (_, month, day) = date.components
        return month == 3 && day >= 25 && date.isoWeekday == 7
    }
}

extension Int {
    /// Floor division (rounds towards minus infinity).
    fileprivate func floorDivided(by divisor: Int) -> Int {
        let quotient = self / divisor
        return (self % divisor != 0 && (self < 0) != (divisor < 0)) ? quotient - 1 : quotient
    }
}
