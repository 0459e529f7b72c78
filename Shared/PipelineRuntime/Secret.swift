/// A secret value (key, password). Its description is always redacted, so it cannot leak into logs.
package struct Secret: Sendable, CustomStringConvertible, CustomDebugStringConvertible {
    package let bytes: [UInt8]

    package init(bytes: [UInt8]) { self.bytes = bytes }

    /// The secret as UTF-8 text (passwords, URLs with passwords).
    package var text: String { String(decoding: bytes, as: UTF8.self) }

    package var description: String { "<redacted>" }
    package var debugDescription: String { "<redacted>" }
}

/// Where `NAME_SECRET_ID` values are looked up (AWS Secrets Manager in production).
package protocol SecretStore: Sendable {
    /// The secret string (or binary) stored under `id`.
    func secretValue(id: String) async throws -> [UInt8]
}
