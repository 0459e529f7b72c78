/// A failure a stage reports, with a stable machine-readable code for manifests, logs and alarms.
///
/// `message` must never contain an NHS number, a secret, a password or row values: it is written to
/// manifests and logs. Put detail useful only for debugging in `detail`, which is logged at debug level.
package struct StageError: Error, CustomStringConvertible {
    /// How the runner treats the failure.
    package enum Kind: Sendable {
        /// The run failed: a failed manifest is written, exit 1.
        case failure
        /// Configuration or usage is wrong: nothing attempted, no manifest, exit 2.
        case configuration
        /// A gate refused the run: no manifest, exit 3.
        case blocked
    }

    package var kind: Kind
    /// e.g. `source_unavailable`, `row_count_mismatch`, `integrity_mismatch`, `upstream_dq_failed`.
    package var code: String
    package var message: String
    package var detail: String?

    package init(_ code: String, _ message: String, kind: Kind = .failure, detail: String? = nil) {
        self.kind = kind
        self.code = code
        self.message = message
        self.detail = detail
    }

    package static func configuration(_ message: String, code: String = "invalid_configuration") -> StageError {
        StageError(code, message, kind: .configuration)
    }

    package static func blocked(_ code: String, _ message: String) -> StageError {
        StageError(code, message, kind: .blocked)
    }

    package var description: String { "\(code): \(message)" }
}
