/// A simulator failure with a stable code. Messages never contain NHS numbers, passwords or row values.
package struct TrustSimulatorError: Error, CustomStringConvertible, Sendable {
    package enum Code: String, Sendable {
        case invalidParameters = "invalid_parameters"
        case configuration = "invalid_configuration"
        case notBackfilled = "not_backfilled"
        case parameterMismatch = "parameter_mismatch"
        case publishFailed = "publish_failed"
        case io = "io_error"
    }

    package var code: Code
    package var message: String

    package init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    package var description: String { "\(code.rawValue): \(message)" }
}
