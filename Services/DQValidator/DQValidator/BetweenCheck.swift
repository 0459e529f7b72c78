/// `between`: every non-null (selected) numeric value lies within `[min, max]`.
final class BetweenCheck: ExpectationCheck {
    let expectation: Expectation
    private let column: String
    private let min: Double?
    private let max: Double?
    private var checked = 0
    private var failing = 0
    private var notNumeric = false
    private var observedMin = Double.infinity
    private var observedMax = -Double.infinity
    private var samples = SampleKeys()

    init(_ expectation: Expectation, column: String, min: Double?, max: Double?) {
        self.expectation = expectation
        self.column = column
        self.min = min
        self.max = max
    }

    func consume(_ batch: EvaluationBatch) {
        guard let vector = batch.columns[column] else { return }
        guard vector.isNumeric || vector.column.type == .boolean else {
            notNumeric = true
            return
        }
        let condition = expectation.rowCondition
        for row in 0..<batch.rowCount where batch.selects(condition, row: row) {
            guard let value = vector.number(row) else { continue }
            checked += 1
            observedMin = Swift.min(observedMin, value)
            observedMax = Swift.max(observedMax, value)
            if let min, value < min {
                failing += 1
                samples.add(batch, row: row)
            } else if let max, value > max {
                failing += 1
                samples.add(batch, row: row)
            }
        }
    }

    func outcome() -> CheckOutcome {
        if notNumeric {
            return CheckOutcome(rowsChecked: 0, failingRows: 0, detail: "column \(column) is not numeric", forceFailed: true)
        }
        let range = "[\(min.map(ColumnVector.format) ?? "-∞"), \(max.map(ColumnVector.format) ?? "∞")]"
        var detail = "\(failing) of \(checked) non-null values outside \(range)"
        // Observed bounds of aggregate columns are not person data; person-level columns never get here with values.
        if checked > 0, !ExpectationSuite.isPersonLevel(column: column) {
            detail += " (observed \(ColumnVector.format(observedMin))…\(ColumnVector.format(observedMax)))"
        }
        return CheckOutcome(rowsChecked: checked, failingRows: failing, detail: detail, sampleKeys: samples.keys)
    }
}
