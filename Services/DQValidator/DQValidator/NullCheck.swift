/// `not_null` (every selected row has a value) and `is_null` (every selected row is null).
final class NullCheck: ExpectationCheck {
    let expectation: Expectation
    private let column: String
    private let wantNull: Bool
    private var checked = 0
    private var failing = 0
    private var samples = SampleKeys()

    init(_ expectation: Expectation, column: String, wantNull: Bool) {
        self.expectation = expectation
        self.column = column
        self.wantNull = wantNull
    }

    func consume(_ batch: EvaluationBatch) {
        guard let vector = batch.columns[column] else { return }
        let condition = expectation.rowCondition
        for row in 0..<batch.rowCount where batch.selects(condition, row: row) {
            checked += 1
            if vector.isNull(row) != wantNull {
                failing += 1
                samples.add(batch, row: row)
            }
        }
    }

    func outcome() -> CheckOutcome {
        CheckOutcome(
            rowsChecked: checked, failingRows: failing,
            detail: "\(failing) of \(checked) rows \(wantNull ? "have a value (expected null)" : "are null")",
            sampleKeys: samples.keys)
    }
}
