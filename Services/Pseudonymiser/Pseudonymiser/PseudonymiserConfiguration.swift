import Foundation
import PipelineRuntime

/// Configuration of the pseudonymiser (batch stage and UDF endpoint).
///
/// ## Configuration keys
/// - `PSEUDONYM_KEY` / `PSEUDONYM_KEY_FILE` / `PSEUDONYM_KEY_SECRET_ID` (secret, exactly one): the HMAC key,
///   at least 32 bytes; a Secrets Manager value may be JSON `{"key": "…"}` or a plain string.
/// - `PSEUDONYMISER_PORT` (`--port`, default 8080): the UDF endpoint's TCP port (`serve`).
/// - `PSEUDONYMISER_BIND` (`--bind`, default `127.0.0.1`): the address `serve` listens on.
/// - `PSEUDONYMISER_MAX_REQUEST_BYTES` (default 6291456 = 6 MiB, Lambda's payload limit): larger request
///   bodies are refused.
/// - `PSEUDONYMISER_MAX_RECORDS` (default 100000): larger batches are refused.
/// - `AWS_LAMBDA_RUNTIME_API` (set by AWS Lambda): when present, `serve` runs as a Lambda custom runtime.
package struct PseudonymiserConfiguration: Sendable {
    package var key: PseudonymKey
    package var port: Int
    package var bindAddress: String
    package var maxRequestBytes: Int
    package var maxRecords: Int
    package var lambdaRuntimeAPI: String?

    package init(
        key: PseudonymKey, port: Int = 8080, bindAddress: String = "127.0.0.1", maxRequestBytes: Int = 6 * 1024 * 1024,
        maxRecords: Int = 100_000, lambdaRuntimeAPI: String? = nil
    ) {
        self.key = key
        self.port = port
        self.bindAddress = bindAddress
        self.maxRequestBytes = maxRequestBytes
        self.maxRecords = maxRecords
        self.lambdaRuntimeAPI = lambdaRuntimeAPI
    }

    /// Reads every key above; the secret store resolves `PSEUDONYM_KEY_SECRET_ID`.
    ///
    /// - Throws: ``StageError`` (configuration) for a missing or short key or a malformed number.
    package init(settings: Settings, secretStore: (any SecretStore)?) async throws {
        self.init(
            key: try await PseudonymKey.load(settings: settings, secretStore: secretStore),
            port: try settings.int("PSEUDONYMISER_PORT", default: 8080, range: 0...65535),
            bindAddress: settings.string("PSEUDONYMISER_BIND", default: "127.0.0.1"),
            maxRequestBytes: try settings.int("PSEUDONYMISER_MAX_REQUEST_BYTES", default: 6 * 1024 * 1024, range: 1024...(256 * 1024 * 1024)),
            maxRecords: try settings.int("PSEUDONYMISER_MAX_RECORDS", default: 100_000, range: 1...10_000_000),
            lambdaRuntimeAPI: settings.string("AWS_LAMBDA_RUNTIME_API"))
    }
}
