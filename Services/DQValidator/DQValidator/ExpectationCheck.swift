/// The running state of one expectation during the single pass over its table.
///
/// The evaluator feeds every row group (projected to the suite's columns) to every check of the table, then
/// asks each for its outcome. Checks count failing rows and keep a few sample keys, never row values of
/// person-level columns.
protocol ExpectationCheck: AnyObject {
    var expectation: Expectation { get }
    func consume(_ batch: EvaluationBatch)
    func outcome() -> CheckOutcome
}

/// What a check found.
struct CheckOutcome {
    var rowsChecked: Int
    var failingRows: Int
    /// Data-free description of the failure (or of what passed).
    var detail: String
    var sampleKeys: [String] = []
    /// Set when the check cannot pass regardless of `mostly` (e.g. a row count or freshness bound).
    var forceFailed = false

    /// Applies `mostly`: the share of checked rows that pass must reach it.
    func passed(mostly: Double) -> Bool {
        if forceFailed { return false }
        if failingRows == 0 { return true }
        guard rowsChecked > 0 else { return false }
        return Double(rowsChecked - failingRows) / Double(rowsChecked) >= mostly
    }
}

/// Collects up to five sample keys of failing rows.
struct SampleKeys {
    private(set) var keys: [String] = []

    mutating func add(_ batch: EvaluationBatch, row: Int) {
        guard keys.count < 5 else { return }
        keys.append(batch.sampleKey(row))
    }
}
