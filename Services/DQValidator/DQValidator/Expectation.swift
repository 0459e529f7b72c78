import PipelineContracts

/// One declarative check of a suite, as written in the YAML (`- <name>: {parameters}`).
package struct Expectation: Sendable, Hashable {
    /// What is checked. Column names are validated against the snapshot when the table is read.
    package enum Kind: Sendable, Hashable {
        /// Every row has a value.
        case notNull(column: String)
        /// Every row is null (e.g. suppressed metric values).
        case isNull(column: String)
        /// No two non-null values are equal.
        case unique(column: String)
        /// No two rows share the same combination (nulls take part as a value).
        case uniqueCombination(columns: [String])
        /// Every non-null value (as canonical text: `true`, `42`, `2024-01-31`, the string) is in the set.
        case acceptedValues(column: String, values: [String])
        /// Every non-null numeric value lies in `[min, max]` (either bound optional).
        case between(column: String, min: Double?, max: Double?)
        /// Every non-null string value matches the pattern (anchor it with `^…$` for whole values).
        case regex(column: String, pattern: String)
        /// The table's row count lies in `[min, max]`.
        case rowCountBetween(min: Int?, max: Int?)
        /// Every non-null value exists in `table.field` of the same snapshot.
        case relationships(column: String, table: String, field: String)
        /// The newest value of a date/timestamp column is at most `maxAgeDays` before the as-of date.
        case freshness(column: String, maxAgeDays: Int)
        /// `left op right` on every row where both are present (e.g. departure ≥ arrival).
        case columnPair(left: String, op: ComparisonOperator, right: String)
        /// The table's row count compared with rows an upstream manifest recorded.
        case reconcilesWithUpstream(UpstreamReconciliation)
    }

    package var kind: Kind
    package var severity: ExpectationResult.Severity
    /// Fraction of checked rows that must pass (1 = all).
    package var mostly: Double
    /// Only rows satisfying this condition are checked.
    package var rowCondition: RowCondition?
    /// Optional human explanation shown in the report.
    package var note: String?

    package init(
        kind: Kind, severity: ExpectationResult.Severity = .error, mostly: Double = 1, rowCondition: RowCondition? = nil,
        note: String? = nil
    ) {
        self.kind = kind
        self.severity = severity
        self.mostly = mostly
        self.rowCondition = rowCondition
        self.note = note
    }

    /// The YAML name, e.g. `not_null`.
    package var name: String {
        switch kind {
        case .notNull: "not_null"
        case .isNull: "is_null"
        case .unique: "unique"
        case .uniqueCombination: "unique_combination"
        case .acceptedValues: "accepted_values"
        case .between: "between"
        case .regex: "regex"
        case .rowCountBetween: "row_count_between"
        case .relationships: "relationships"
        case .freshness: "freshness"
        case .columnPair: "column_pair"
        case .reconcilesWithUpstream: "reconciles_with_upstream"
        }
    }

    /// Columns the expectation reads from its own table (the condition's column included).
    package var columns: [String] {
        var result: [String]
        switch kind {
        case .notNull(let column), .isNull(let column), .unique(let column), .acceptedValues(let column, _),
            .between(let column, _, _), .regex(let column, _), .relationships(let column, _, _), .freshness(let column, _):
            result = [column]
        case .uniqueCombination(let columns): result = columns
        case .columnPair(let left, _, let right): result = [left, right]
        case .rowCountBetween, .reconcilesWithUpstream: result = []
        }
        for column in rowCondition?.columns ?? [] where !result.contains(column) { result.append(column) }
        return result
    }

    /// Columns reported in results (without the condition's columns).
    package var reportedColumns: [String] {
        switch kind {
        case .uniqueCombination(let columns): columns
        case .columnPair(let left, _, let right): [left, right]
        case .rowCountBetween, .reconcilesWithUpstream: []
        default: Array(columns.prefix(1))
        }
    }
}

/// `==`, `!=`, `<`, `<=`, `>`, `>=`.
package enum ComparisonOperator: String, Sendable, Hashable, CaseIterable {
    case equal = "=="
    case notEqual = "!="
    case less = "<"
    case lessOrEqual = "<="
    case greater = ">"
    case greaterOrEqual = ">="

    /// Applies the operator to an ordering result (`-1`, `0`, `1`).
    package func holds(_ order: Int) -> Bool {
        switch self {
        case .equal: order == 0
        case .notEqual: order != 0
        case .less: order < 0
        case .lessOrEqual: order <= 0
        case .greater: order > 0
        case .greaterOrEqual: order >= 0
        }
    }
}

/// How a table's row count must relate to rows recorded upstream.
package struct UpstreamReconciliation: Sendable, Hashable {
    /// `equal`, `at_most` (this table ≤ upstream + tolerance) or `at_least` (this table ≥ upstream − tolerance).
    package enum Relation: String, Sendable, Hashable { case equal, atMost = "at_most", atLeast = "at_least" }

    /// The upstream (stage, scope); nil means the snapshot manifest itself (rows it recorded for this table).
    package var stage: StageName?
    package var scope: LakeName?
    /// The upstream dataset whose output rows are summed.
    package var dataset: String?
    package var relation: Relation
    package var tolerance: Int
    /// Sum over every succeeded manifest of (stage, scope) dated on or before the as-of date.
    package var cumulative: Bool

    package init(
        stage: StageName? = nil, scope: LakeName? = nil, dataset: String? = nil, relation: Relation = .equal,
        tolerance: Int = 0, cumulative: Bool = false
    ) {
        self.stage = stage
        self.scope = scope
        self.dataset = dataset
        self.relation = relation
        self.tolerance = tolerance
        self.cumulative = cumulative
    }
}
