/// A suite or configuration problem found before any data is read (exit 2), with a stable code.
///
/// Messages name the suite file, table, expectation and parameter; they never contain row values.
package struct DQValidatorError: Error, CustomStringConvertible, Sendable {
    /// Stable, machine-readable reasons.
    package enum Code: String, Sendable {
        /// The YAML cannot be parsed.
        case suiteSyntax = "suite_syntax"
        /// The YAML parses but does not follow the suite grammar (missing table, bad parameter, …).
        case invalidSuite = "invalid_suite"
        /// An expectation name this validator does not know.
        case unknownExpectation = "unknown_expectation"
        /// The suites folder is missing or holds no suite.
        case suitesNotFound = "suites_not_found"
    }

    package var code: Code
    package var message: String
    package var file: String
    package var line: Int

    package init(_ code: Code, _ message: String, file: String = #fileID, line: Int = #line) {
        self.code = code
        self.message = message
        self.file = file
        self.line = line
    }

    package var description: String { "\(code.rawValue): \(message)" }
}
