import PipelineContracts

/// What a simulated Trust is generated from. Everything published is a pure function of these values.
package struct SimulationParameters: Sendable, Hashable, Codable {
    package var seed: UInt64
    package var patients: Int
    package var months: Int
    package var startDate: BusinessDate
    /// Days of history held back from the initial load, released one at a time.
    package var holdBackDays: Int

    /// Bumped whenever generation logic changes, so stored state from an older generator is detected.
    package static let generatorVersion = 1

    package init(seed: UInt64 = 42, patients: Int = 100_000, months: Int = 12, startDate: BusinessDate = BusinessDate(year: 2025, month: 1, day: 1)!, holdBackDays: Int = 12) throws {
        guard patients >= 1, patients <= 5_000_000 else { throw TrustSimulatorError(.invalidParameters, "patients must be between 1 and 5,000,000") }
        guard months >= 1, months <= 120 else { throw TrustSimulatorError(.invalidParameters, "months must be between 1 and 120") }
        self.seed = seed
        self.patients = patients
        self.months = months
        self.startDate = startDate
        self.holdBackDays = holdBackDays
        guard holdBackDays >= 0, holdBackDays < historyDays else {
            throw TrustSimulatorError(.invalidParameters, "hold-back days must be between 0 and the history length minus one (\(historyDays - 1))")
        }
    }

    /// The last day of history: the start date plus `months` calendar months, minus one day.
    package var lastDate: BusinessDate {
        let (year, month, day) = startDate.components
        let total = (year * 12 + (month - 1)) + months
        let targetYear = total / 12
        let targetMonth = total % 12 + 1
        var targetDay = day
        while BusinessDate(year: targetYear, month: targetMonth, day: targetDay) == nil { targetDay -= 1 }
        return BusinessDate(year: targetYear, month: targetMonth, day: targetDay)!.previous
    }

    package var historyDays: Int { lastDate.daysSinceEpoch - startDate.daysSinceEpoch + 1 }

    /// The business date of the initial load: the last history date minus the hold-back.
    package var cutoffDate: BusinessDate { lastDate.adding(days: -holdBackDays) }

    /// The held-back business dates, in release order.
    package var heldBackDates: [BusinessDate] { cutoffDate.next.through(lastDate) }
}
