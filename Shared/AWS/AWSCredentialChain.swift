import AsyncHTTPClient
import Foundation
import Logging

/// The default credential chain, cached and refreshed before expiry.
///
/// Sources, in order (the first one configured wins; a configured source that fails is an error, not a
/// fall-through to another identity):
/// 1. Environment: `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY`, `AWS_SESSION_TOKEN`.
/// 2. ECS task role: `AWS_CONTAINER_CREDENTIALS_RELATIVE_URI` (via 169.254.170.2) or
///    `AWS_CONTAINER_CREDENTIALS_FULL_URI` with `AWS_CONTAINER_AUTHORIZATION_TOKEN[_FILE]`.
/// 3. Web identity: `AWS_WEB_IDENTITY_TOKEN_FILE` + `AWS_ROLE_ARN` (+ `AWS_ROLE_SESSION_NAME`) →
///    STS `AssumeRoleWithWebIdentity`.
/// 4. Shared credentials file: `AWS_SHARED_CREDENTIALS_FILE` (default `~/.aws/credentials`), `AWS_PROFILE`.
///
/// Temporary credentials are refreshed `refreshWindow` before they expire; concurrent callers share one
/// refresh. If a refresh fails while the cached credentials are still valid, those are used (and a warning
/// logged).
package actor AWSCredentialChain: AWSCredentialProvider {
    package let sources: [any AWSCredentialSource]
    /// How long before expiry credentials are refreshed. Default 5 minutes.
    package let refreshWindow: TimeInterval
    private let now: @Sendable () -> Date
    private var cached: AWSCredentials?
    private var waiters: [CheckedContinuation<AWSCredentials, any Error>] = []
    private var refreshing = false

    /// A chain over explicit sources (tests); `now` is injectable.
    package init(
        sources: [any AWSCredentialSource], refreshWindow: TimeInterval = 300,
        now: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.sources = sources
        self.refreshWindow = refreshWindow
        self.now = now
    }

    /// The default chain configured from `environment` (pass `ProcessInfo.processInfo.environment` in a
    /// service, a literal dictionary in tests).
    package init(environment: [String: String], httpClient: HTTPClient = .shared) {
        self.init(sources: [
            EnvironmentCredentialSource(environment: environment),
            ContainerCredentialSource(environment: environment, httpClient: httpClient),
            WebIdentityCredentialSource(environment: environment, httpClient: httpClient),
            SharedCredentialsFileSource(environment: environment),
        ])
    }

    package func credentials(logger: Logger) async throws -> AWSCredentials {
        if let cached, !needsRefresh(cached) { return cached }
        if refreshing {
            return try await withCheckedThrowingContinuation { waiters.append($0) }
        }
        refreshing = true
        let result: Result<AWSCredentials, any Error>
        do {
            result = .success(try await resolve(logger: logger))
        } catch {
            if let cached, let expiration = cached.expiration, expiration > now().addingTimeInterval(10) {
                logger.warning(
                    "credential refresh failed; using cached credentials until they expire",
                    metadata: ["aws.error": "\(error)"])
                result = .success(cached)
            } else {
                result = .failure(error)
            }
        }
        refreshing = false
        if case .success(let fresh) = result { cached = fresh }
        let pending = waiters
        waiters = []
        for waiter in pending { waiter.resume(with: result) }
        return try result.get()
    }

    private func needsRefresh(_ credentials: AWSCredentials) -> Bool {
        guard let expiration = credentials.expiration else { return false }
        return expiration.timeIntervalSince(now()) < refreshWindow
    }

    private func resolve(logger: Logger) async throws -> AWSCredentials {
        for source in sources {
            if let credentials = try await source.loadCredentials(logger: logger) {
                logger.debug(
                    "loaded AWS credentials",
                    metadata: [
                        "aws.credentials.source": "\(source.name)",
                        "aws.credentials.expiration": "\(credentials.expiration.map { "\($0)" } ?? "none")",
                    ])
                return credentials
            }
        }
        throw AWSError(
            .noCredentials,
            "no AWS credentials: set AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, run with an ECS task role or web "
                + "identity, or provide a shared credentials file")
    }
}
