import Crypto
import Foundation
import PipelineRuntime

/// The HMAC key that turns NHS numbers into `patient_sk` values.
///
/// The key is the raw bytes given by `PSEUDONYM_KEY` / `PSEUDONYM_KEY_FILE`, or the secret named by
/// `PSEUDONYM_KEY_SECRET_ID` (Secrets Manager: a JSON object whose `key` field is the key, or a plain string).
/// It must be at least 32 bytes. The key is never logged, never written to the lake, and errors about it
/// never mention its value or its length.
package struct PseudonymKey: Sendable, CustomStringConvertible, CustomDebugStringConvertible {
    /// The minimum key size in bytes (ARCHITECTURE §8).
    package static let minimumByteCount = 32

    let symmetricKey: SymmetricKey

    /// - Throws: ``StageError`` (configuration, `invalid_pseudonym_key`) when the key is shorter than 32 bytes.
    package init(bytes: [UInt8]) throws {
        guard bytes.count >= PseudonymKey.minimumByteCount else {
            throw StageError.configuration(
                "the pseudonymisation key is too short: PSEUDONYM_KEY must be at least 32 bytes", code: "invalid_pseudonym_key")
        }
        symmetricKey = SymmetricKey(data: bytes)
    }

    /// Loads the key from `PSEUDONYM_KEY`, `PSEUDONYM_KEY_FILE` or `PSEUDONYM_KEY_SECRET_ID` (exactly one).
    ///
    /// - Throws: ``StageError`` (configuration) when none or several are set, the source is unreadable, the
    ///   secret's JSON has no string `key`, or the key is too short.
    package static func load(settings: Settings, secretStore: (any SecretStore)?) async throws -> PseudonymKey {
        guard let secret = try await settings.secret("PSEUDONYM_KEY", store: secretStore) else {
            throw StageError.configuration(
                "set one of PSEUDONYM_KEY, PSEUDONYM_KEY_FILE or PSEUDONYM_KEY_SECRET_ID", code: "missing_configuration")
        }
        if settings.string("PSEUDONYM_KEY_SECRET_ID") != nil {
            return try PseudonymKey(bytes: try keyBytes(fromSecretValue: secret.bytes))
        }
        return try PseudonymKey(bytes: secret.bytes)
    }

    /// The key inside a Secrets Manager value: the `key` field of a JSON object, else the whole string.
    ///
    /// - Throws: ``StageError`` (configuration) for a JSON object without a string `key` field.
    package static func keyBytes(fromSecretValue value: [UInt8]) throws -> [UInt8] {
        let trimmed = value.drop { $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }
        guard trimmed.first == UInt8(ascii: "{") else { return value }
        guard let object = try? JSONSerialization.jsonObject(with: Data(value)) as? [String: Any] else {
            throw StageError.configuration("the pseudonymisation key secret is not valid JSON", code: "invalid_pseudonym_key")
        }
        guard let key = object["key"] as? String else {
            throw StageError.configuration(
                "the pseudonymisation key secret has no string field \"key\"", code: "invalid_pseudonym_key")
        }
        return Array(key.utf8)
    }

    package var description: String { "<redacted>" }
    package var debugDescription: String { "<redacted>" }
}
