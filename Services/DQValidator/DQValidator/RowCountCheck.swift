/// `row_count_between`: the number of (selected) rows lies within `[min, max]`.
final class RowCountCheck: ExpectationCheck {
    let expectation: Expectation
    private let min: Int?
    private let max: Int?
    private var rows = 0

    init(_ expectation: Expectation, min: Int?, max: Int?) {
        self.expectation = expectation
        self.min = min
        self.max = max
    }

    func consume(_ batch: EvaluationBatch) {
        guard let condition = expectation.rowCondition else {
            rows += batch.rowCount
            return
        }
        for row in 0..<batch.rowCount where batch.selects(condition, row: row) { rows += 1 }
    }

    func outcome() -> CheckOutcome {
        let inRange = (min.map { rows >= $0 } ?? true) && (max.map { rows <= $0 } ?? true)
        let range = "[\(min.map(String.init) ?? "0"), \(max.map(String.init) ?? "∞")]"
        return CheckOutcome(
            rowsChecked: rows, failingRows: 0, detail: "\(rows) rows; expected \(range)", forceFailed: !inRange)
    }
}
