/// `unique` (non-null values of one column) and `unique_combination` (several columns, nulls included).
///
/// Memory: one 16-byte fingerprint per distinct value. A single integer column (an id) whose values arrive in
/// strictly ascending order — the usual case for keys — is checked by comparing with the previous value and
/// only kept as a plain array; the first value out of order moves everything into the fingerprint set.
final class UniqueCheck: ExpectationCheck {
    let expectation: Expectation
    private let columns: [String]
    private let skipNulls: Bool
    private var seen = FingerprintSet()
    private var checked = 0
    private var duplicates = 0
    private var samples = SampleKeys()
    /// While the integer values seen so far ascend strictly: those values (nil once they did not).
    private var ascending: [Int64]? = []

    init(_ expectation: Expectation, columns: [String], skipNulls: Bool) {
        self.expectation = expectation
        self.columns = columns
        self.skipNulls = skipNulls
    }

    func consume(_ batch: EvaluationBatch) {
        let vectors = columns.compactMap { batch.columns[$0] }
        guard vectors.count == columns.count else { return }
        let condition = expectation.rowCondition
        if vectors.count != 1 { leaveAscending() }
        if ascending == nil { seen.reserveCapacity(seen.count + batch.rowCount) }
        for row in 0..<batch.rowCount where batch.selects(condition, row: row) {
            if skipNulls, vectors[0].isNull(row) { continue }
            checked += 1
            if ascending != nil {
                if let value = vectors[0].integer(row), value > ascending!.last ?? .min || ascending!.isEmpty {
                    ascending!.append(value)
                    continue
                }
                leaveAscending()
            }
            if !seen.insert(ValueKey(vectors, row: row)) {
                duplicates += 1
                samples.add(batch, row: row)
            }
        }
    }

    /// Moves the ascending run into the fingerprint set; from now on every value is looked up there.
    private func leaveAscending() {
        guard let values = ascending else { return }
        ascending = nil
        seen.reserveCapacity(seen.count + values.count)
        for value in values { seen.insert(ValueKey(integer: value)) }
    }

    func outcome() -> CheckOutcome {
        CheckOutcome(
            rowsChecked: checked, failingRows: duplicates,
            detail: "\(duplicates) of \(checked) rows repeat an earlier \(columns.count == 1 ? "value" : "combination") (\(seen.count + (ascending?.count ?? 0)) distinct)",
            sampleKeys: samples.keys)
    }
}
