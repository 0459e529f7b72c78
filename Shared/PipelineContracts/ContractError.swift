/// An error raised when a contract value (date, run id, name, lake key, manifest) is malformed.
///
/// The message names the offending value's kind and shows at most a short prefix of it; contract
/// values never carry row data or secrets.
package struct ContractError: Error, Hashable, CustomStringConvertible {
    /// What kind of contract rule was broken.
    package struct Code: Hashable, Sendable, CustomStringConvertible {
        package let name: String
        package static let malformedDate = Code(name: "malformed_date")
        package static let malformedRunID = Code(name: "malformed_run_id")
        package static let invalidName = Code(name: "invalid_name")
        package static let unknownStage = Code(name: "unknown_stage")
        package static let malformedKey = Code(name: "malformed_key")
        package static let unsupportedVersion = Code(name: "unsupported_version")
        package var description: String { name }
    }

    package let code: Code
    package let message: String

    package init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    package var description: String { "\(code): \(message)" }
}
