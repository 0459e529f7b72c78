/// The expectations for one table of one layer, loaded from `suites/<layer>/<table>.yaml`.
///
/// ```yaml
/// table: referrals
/// key_columns: [referral_id]      # identify failing rows in results (never person-level columns)
/// expectations:
///   - row_count_between: {min: 1}
///   - not_null: {column: referral_id}
///   - not_null: {column: patient_sk, mostly: 0.8, severity: warn}
///   - between: {column: wait_days, min: 0, max: 1825, row_condition: "wait_days is not null"}
/// ```
package struct ExpectationSuite: Sendable, Hashable {
    package var table: String
    /// Columns whose values identify a failing row in results; person-level columns are never sampled.
    package var keyColumns: [String]
    package var expectations: [Expectation]
    /// Where the suite came from (file name), for messages.
    package var source: String

    package init(table: String, keyColumns: [String] = [], expectations: [Expectation], source: String = "") {
        self.table = table
        self.keyColumns = keyColumns
        self.expectations = expectations
        self.source = source
    }

    /// Column names that may identify a person and are therefore never copied into results as sample keys.
    package static func isPersonLevel(column: String) -> Bool {
        let name = column.lowercased()
        return name == "patient_sk" || name == "patient_id" || name.hasPrefix("nhs_") || name == "date_of_birth"
            || name.hasPrefix("postcode") || name == "lsoa_code"
    }

    /// Columns this suite reads from its own table.
    package var columns: [String] {
        var seen: [String] = []
        for column in expectations.flatMap(\.columns) + keyColumns.filter({ !ExpectationSuite.isPersonLevel(column: $0) })
        where !seen.contains(column) {
            seen.append(column)
        }
        return seen
    }
}
