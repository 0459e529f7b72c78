/// `unique` (non-null values of one column) and `unique_combination` (several columns, nulls included).
///
/// Memory: one 16-byte fingerprint per distinct value.
final class UniqueCheck: ExpectationCheck {
    let expectation: Expectation
    private let columns: [String]
    private let skipNulls: Bool
    private var seen = Set<ValueKey>()
    private var checked = 0
    private var duplicates = 0
    private var samples = SampleKeys()

    init(_ expectation: Expectation, columns: [String], skipNulls: Bool) {
        self.expectation = expectation
        self.columns = columns
        self.skipNulls = skipNulls
    }

    func consume(_ batch: EvaluationBatch) {
        let vectors = columns.compactMap { batch.columns[$0] }
        guard vectors.count == columns.count else { return }
        let condition = expectation.rowCondition
        seen.reserveCapacity(seen.count + batch.rowCount)
        for row in 0..<batch.rowCount where batch.selects(condition, row: row) {
            if skipNulls, vectors[0].isNull(row) { continue }
            checked += 1
            if !seen.insert(ValueKey(vectors, row: row)).inserted {
                duplicates += 1
                samples.add(batch, row: row)
            }
        }
    }

    func outcome() -> CheckOutcome {
        CheckOutcome(
            rowsChecked: checked, failingRows: duplicates,
            detail: "\(duplicates) of \(checked) rows repeat an earlier \(columns.count == 1 ? "value" : "combination") (\(seen.count) distinct)",
            sampleKeys: samples.keys)
    }
}
