/// One row group of a table, projected to the columns its suite needs.
struct EvaluationBatch {
    let table: String
    let columns: [String: ColumnVector]
    let rowCount: Int
    /// Rows of the table before this batch (for `row N` sample keys).
    let rowOffset: Int
    /// Non-person key columns used to identify failing rows.
    let keyColumns: [String]

    /// True when `row` satisfies every clause of the condition (or there is none).
    func selects(_ condition: RowCondition?, row: Int) -> Bool {
        guard let condition else { return true }
        return condition.clauses.allSatisfy { clause in
            guard let column = columns[clause.column] else { return false }
            switch clause.test {
            case .isNull: return column.isNull(row)
            case .isNotNull: return !column.isNull(row)
            case .compare(let op, let literal):
                guard let order = column.compare(row, with: literal) else { return false }
                return op.holds(order)
            }
        }
    }

    /// `referral_id=123`, or `row 4567` when the table has no non-person key column.
    func sampleKey(_ row: Int) -> String {
        let parts = keyColumns.compactMap { name -> String? in
            guard let column = columns[name] else { return nil }
            return "\(name)=\(column.text(row).map { String($0.prefix(64)) } ?? "null")"
        }
        return parts.isEmpty ? "row \(rowOffset + row + 1)" : parts.joined(separator: ",")
    }
}
