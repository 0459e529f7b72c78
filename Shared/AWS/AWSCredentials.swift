import Foundation

/// An access key pair, an optional session token and, for temporary credentials, when they expire.
///
/// `description` shows only the last four characters of the access key id; the secret and the token are
/// never printed.
package struct AWSCredentials: Sendable, Hashable, CustomStringConvertible, CustomDebugStringConvertible {
    package var accessKeyID: String
    package var secretAccessKey: String
    package var sessionToken: String?
    /// nil for long-lived keys.
    package var expiration: Date?

    package init(accessKeyID: String, secretAccessKey: String, sessionToken: String? = nil, expiration: Date? = nil) {
        self.accessKeyID = accessKeyID
        self.secretAccessKey = secretAccessKey
        self.sessionToken = sessionToken
        self.expiration = expiration
    }

    package var description: String {
        "AWSCredentials(accessKeyID: …\(accessKeyID.suffix(4)), secret: <redacted>"
            + (sessionToken == nil ? "" : ", sessionToken: <redacted>")
            + (expiration.map { ", expiration: \($0)" } ?? "") + ")"
    }

    package var debugDescription: String { description }
}
