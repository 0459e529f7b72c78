/// `column_pair`: `left op right` holds on every (selected) row where both are present.
final class ColumnPairCheck: ExpectationCheck {
    let expectation: Expectation
    private let left: String
    private let op: ComparisonOperator
    private let right: String
    private var checked = 0
    private var failing = 0
    private var incomparable = false
    private var samples = SampleKeys()

    init(_ expectation: Expectation, left: String, op: ComparisonOperator, right: String) {
        self.expectation = expectation
        self.left = left
        self.op = op
        self.right = right
    }

    func consume(_ batch: EvaluationBatch) {
        guard let l = batch.columns[left], let r = batch.columns[right] else { return }
        if l.isNumeric != r.isNumeric {
            incomparable = true
            return
        }
        let condition = expectation.rowCondition
        for row in 0..<batch.rowCount where !l.isNull(row) && !r.isNull(row) && batch.selects(condition, row: row) {
            guard let order = l.compare(row, with: r, row: row) else { continue }
            checked += 1
            if !op.holds(order) {
                failing += 1
                samples.add(batch, row: row)
            }
        }
    }

    func outcome() -> CheckOutcome {
        if incomparable {
            return CheckOutcome(rowsChecked: 0, failingRows: 0, detail: "\(left) and \(right) have incomparable types", forceFailed: true)
        }
        return CheckOutcome(
            rowsChecked: checked, failingRows: failing,
            detail: "\(failing) of \(checked) rows with both values break \(left) \(op.rawValue) \(right)", sampleKeys: samples.keys)
    }
}
