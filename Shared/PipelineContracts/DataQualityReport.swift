import Foundation

/// The result of one expectation evaluated by the data-quality gate.
package struct ExpectationResult: Sendable, Hashable, Codable {
    package enum Severity: String, Sendable, Hashable, Codable { case error, warn }

    /// e.g. `not_null`, `unique`, `between`.
    package var expectation: String
    package var table: String
    package var columns: [String]
    package var severity: Severity
    package var passed: Bool
    /// Rows evaluated and rows failing (values are never copied into results).
    package var rowsChecked: Int
    package var failingRows: Int
    /// A short, data-free explanation (e.g. "3 of 1200 rows outside [0, 365]").
    package var message: String

    package init(
        expectation: String, table: String, columns: [String], severity: Severity, passed: Bool,
        rowsChecked: Int, failingRows: Int, message: String
    ) {
        self.expectation = expectation
        self.table = table
        self.columns = columns
        self.severity = severity
        self.passed = passed
        self.rowsChecked = rowsChecked
        self.failingRows = failingRows
        self.message = message
    }

    enum CodingKeys: String, CodingKey {
        case expectation, table, columns, severity, passed, rowsChecked = "rows_checked"
        case failingRows = "failing_rows", message
    }
}

/// Everything one gate run found for a Silver or Gold snapshot, stored as `_dq/…/results.json`.
package struct DataQualityReport: Sendable, Hashable, Codable {
    package static let currentVersion = 1
    package var reportVersion: Int
    /// `silver` or `gold`.
    package var layer: String
    package var asOf: BusinessDate
    /// The manifest of the snapshot that was validated.
    package var snapshot: ManifestInput
    package var results: [ExpectationResult]

    /// True when no `error`-severity expectation failed.
    package var passed: Bool { !results.contains { !$0.passed && $0.severity == .error } }

    package init(layer: String, asOf: BusinessDate, snapshot: ManifestInput, results: [ExpectationResult]) {
        self.reportVersion = DataQualityReport.currentVersion
        self.layer = layer
        self.asOf = asOf
        self.snapshot = snapshot
        self.results = results
    }

    enum CodingKeys: String, CodingKey {
        case reportVersion = "report_version", layer, asOf = "as_of", snapshot, results
    }
}
