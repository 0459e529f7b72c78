/// `accepted_values`: every non-null value, as canonical text, is one of the listed values.
final class AcceptedValuesCheck: ExpectationCheck {
    let expectation: Expectation
    private let column: String
    private let accepted: Set<String>
    private let acceptedBytes: [[UInt8]]
    private var checked = 0
    private var failing = 0
    private var unexpected: [String: Int] = [:]
    private var samples = SampleKeys()

    init(_ expectation: Expectation, column: String, values: [String]) {
        self.expectation = expectation
        self.column = column
        self.accepted = Set(values)
        self.acceptedBytes = values.map { Array($0.utf8) }
    }

    func consume(_ batch: EvaluationBatch) {
        guard let vector = batch.columns[column] else { return }
        let condition = expectation.rowCondition
        let personLevel = ExpectationSuite.isPersonLevel(column: column)
        for row in 0..<batch.rowCount where !vector.isNull(row) && batch.selects(condition, row: row) {
            checked += 1
            let ok: Bool
            if vector.isByteArray, vector.column.type == .string {
                ok = vector.withBytes(row) { bytes in acceptedBytes.contains { $0.elementsEqual(bytes) } } ?? false
            } else {
                ok = vector.text(row).map(accepted.contains) ?? false
            }
            if !ok {
                failing += 1
                samples.add(batch, row: row)
                // Unexpected category values are reported (capped) unless the column is person-level.
                if !personLevel, unexpected.count < 10 || unexpected.keys.contains(vector.text(row) ?? "") {
                    unexpected[String((vector.text(row) ?? "").prefix(40)), default: 0] += 1
                }
            }
        }
    }

    func outcome() -> CheckOutcome {
        var detail = "\(failing) of \(checked) non-null values outside the \(accepted.count) accepted values"
        if !unexpected.isEmpty {
            let listed = unexpected.sorted { $0.value > $1.value }.prefix(5).map { "'\($0.key)' ×\($0.value)" }
            detail += "; unexpected: " + listed.joined(separator: ", ")
        }
        return CheckOutcome(rowsChecked: checked, failingRows: failing, detail: detail, sampleKeys: samples.keys)
    }
}
