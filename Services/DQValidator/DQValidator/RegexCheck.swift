/// `regex`: every non-null (selected) value matches the pattern.
final class RegexCheck: ExpectationCheck {
    let expectation: Expectation
    private let column: String
    private let pattern: ValuePattern
    private var checked = 0
    private var failing = 0
    private var samples = SampleKeys()

    init(_ expectation: Expectation, column: String, pattern: ValuePattern) {
        self.expectation = expectation
        self.column = column
        self.pattern = pattern
    }

    func consume(_ batch: EvaluationBatch) {
        guard let vector = batch.columns[column] else { return }
        let condition = expectation.rowCondition
        for row in 0..<batch.rowCount where !vector.isNull(row) && batch.selects(condition, row: row) {
            checked += 1
            let ok: Bool
            if vector.isByteArray {
                ok = vector.withBytes(row) { pattern.matches($0) } ?? false
            } else {
                ok = vector.text(row).map(pattern.matches) ?? false
            }
            if !ok {
                failing += 1
                samples.add(batch, row: row)
            }
        }
    }

    func outcome() -> CheckOutcome {
        CheckOutcome(
            rowsChecked: checked, failingRows: failing, detail: "\(failing) of \(checked) non-null values do not match the pattern",
            sampleKeys: samples.keys)
    }
}
