import PipelineContracts

/// `freshness`: the newest date in a date/timestamp column is at most `max_age_days` before the as-of date.
///
/// Keyed on the snapshot's as-of date, never on the wall clock, so re-validating an old snapshot gives the
/// same answer.
final class FreshnessCheck: ExpectationCheck {
    let expectation: Expectation
    private let column: String
    private let maxAgeDays: Int
    private let asOf: BusinessDate
    private var newest: Int?
    private var checked = 0
    private var wrongType = false

    init(_ expectation: Expectation, column: String, maxAgeDays: Int, asOf: BusinessDate) {
        self.expectation = expectation
        self.column = column
        self.maxAgeDays = maxAgeDays
        self.asOf = asOf
    }

    func consume(_ batch: EvaluationBatch) {
        guard let vector = batch.columns[column] else { return }
        switch vector.column.type {
        case .date, .timestamp: break
        default:
            wrongType = true
            return
        }
        let condition = expectation.rowCondition
        for row in 0..<batch.rowCount where batch.selects(condition, row: row) {
            guard let day = vector.day(row) else { continue }
            checked += 1
            newest = Swift.max(newest ?? day, day)
        }
    }

    func outcome() -> CheckOutcome {
        if wrongType {
            return CheckOutcome(rowsChecked: 0, failingRows: 0, detail: "column \(column) is not a date or timestamp", forceFailed: true)
        }
        guard let newest else {
            return CheckOutcome(rowsChecked: 0, failingRows: 0, detail: "no dated rows; cannot show freshness", forceFailed: true)
        }
        let age = asOf.daysSinceEpoch - newest
        let newestText = BusinessDate(daysSinceEpoch: newest).description
        return CheckOutcome(
            rowsChecked: checked, failingRows: 0,
            detail: "newest \(column) is \(newestText), \(age) day(s) before as-of \(asOf) (allowed \(maxAgeDays))",
            forceFailed: age > maxAgeDays)
    }
}
