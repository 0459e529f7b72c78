import Logging

/// Supplies the credentials each request is signed with (a fixed pair, or the refreshing chain).
package protocol AWSCredentialProvider: Sendable {
    /// Valid credentials for signing a request now.
    ///
    /// - Throws: ``AWSError`` with code `noCredentials` or `credentialsUnavailable`.
    func credentials(logger: Logger) async throws -> AWSCredentials
}

/// One link of ``AWSCredentialChain``: environment variables, the ECS endpoint, a web identity token, a file.
package protocol AWSCredentialSource: Sendable {
    /// A short name for logs (`environment`, `ecs-container`, …).
    var name: String { get }

    /// The credentials, or nil when this source is not configured (so the chain tries the next one).
    ///
    /// - Throws: ``AWSError`` when the source is configured but cannot deliver credentials; the chain then
    ///   fails instead of silently falling through to another identity.
    func loadCredentials(logger: Logger) async throws -> AWSCredentials?
}
