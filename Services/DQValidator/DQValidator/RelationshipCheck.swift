/// `relationships`: every non-null (selected) value exists in the parent table's field (same snapshot).
final class RelationshipCheck: ExpectationCheck {
    let expectation: Expectation
    private let column: String
    private let parent: String
    private let parentKeys: FingerprintSet
    private var checked = 0
    private var orphans = 0
    private var samples = SampleKeys()

    init(_ expectation: Expectation, column: String, parent: String, parentKeys: FingerprintSet) {
        self.expectation = expectation
        self.column = column
        self.parent = parent
        self.parentKeys = parentKeys
    }

    func consume(_ batch: EvaluationBatch) {
        guard let vector = batch.columns[column] else { return }
        let condition = expectation.rowCondition
        for row in 0..<batch.rowCount where !vector.isNull(row) && batch.selects(condition, row: row) {
            checked += 1
            if !parentKeys.contains(ValueKey([vector], row: row)) {
                orphans += 1
                samples.add(batch, row: row)
            }
        }
    }

    func outcome() -> CheckOutcome {
        CheckOutcome(
            rowsChecked: checked, failingRows: orphans,
            detail: "\(orphans) of \(checked) non-null values have no match in \(parent) (\(parentKeys.count) keys)",
            sampleKeys: samples.keys)
    }
}
