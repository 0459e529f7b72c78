/// A published cell that breaks disclosure control: named by table, column and stratum, never by person data.
package struct DisclosureViolation: Sendable, Hashable, CustomStringConvertible {
    package var table: String
    package var column: String
    /// e.g. `metric_name=dna_rate, period=2024-01-01, stratifier=sex, stratum=U`.
    package var cell: String
    package var rule: String

    package init(table: String, column: String, cell: String, rule: String) {
        self.table = table
        self.column = column
        self.cell = cell
        self.rule = rule
    }

    package var description: String { "\(table).\(column) [\(cell)]: \(rule)" }
}
