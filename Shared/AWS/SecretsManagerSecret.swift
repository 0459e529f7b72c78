/// A secret's value from Secrets Manager: `SecretString` or `SecretBinary`.
package enum SecretsManagerSecret: Sendable, Hashable, CustomStringConvertible {
    case string(String)
    case binary([UInt8])

    /// The value's bytes (UTF-8 for a string).
    package var bytes: [UInt8] {
        switch self {
        case .string(let text): return Array(text.utf8)
        case .binary(let bytes): return bytes
        }
    }

    package var description: String { "<redacted secret>" }
}
