import AWS
import Foundation
import Logging
import Testing

@Suite struct AWSCredentialChainTests {
    let logger = Logger(label: "aws-tests")

    @Test func prefersEnvironmentVariables() async throws {
        let chain = AWSCredentialChain(environment: [
            "AWS_ACCESS_KEY_ID": "AKIDENV", "AWS_SECRET_ACCESS_KEY": "secret", "AWS_SESSION_TOKEN": "token",
            "AWS_CONTAINER_CREDENTIALS_FULL_URI": "http://127.0.0.1:1/never",
        ])
        let credentials = try await chain.credentials(logger: logger)
        #expect(credentials == AWSCredentials(accessKeyID: "AKIDENV", secretAccessKey: "secret", sessionToken: "token"))
    }

    @Test func rejectsHalfConfiguredEnvironment() async throws {
        let chain = AWSCredentialChain(environment: ["AWS_ACCESS_KEY_ID": "AKIDENV"])
        let error = await #expect(throws: AWSError.self) { _ = try await chain.credentials(logger: logger) }
        #expect(error?.code == .invalidConfiguration)
    }

    @Test func failsClearlyWithoutAnySource() async throws {
        let chain = AWSCredentialChain(environment: ["HOME": "/nonexistent"])
        let error = await #expect(throws: AWSError.self) { _ = try await chain.credentials(logger: logger) }
        #expect(error?.code == .noCredentials)
    }

    @Test func readsProfileFromSharedCredentialsFile() async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("creds-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try """
        [default]
        aws_access_key_id = AKIDDEFAULT
        aws_secret_access_key = default-secret
        # a comment
        [lake]
        aws_access_key_id=AKIDLAKE
        aws_secret_access_key=lake-secret
        aws_session_token = lake-token
        """.write(toFile: path, atomically: true, encoding: .utf8)
        let fallback = try await AWSCredentialChain(environment: ["AWS_SHARED_CREDENTIALS_FILE": path])
            .credentials(logger: logger)
        #expect(fallback.accessKeyID == "AKIDDEFAULT")
        let profile = try await AWSCredentialChain(environment: ["AWS_SHARED_CREDENTIALS_FILE": path, "AWS_PROFILE": "lake"])
            .credentials(logger: logger)
        #expect(profile == AWSCredentials(accessKeyID: "AKIDLAKE", secretAccessKey: "lake-secret", sessionToken: "lake-token"))
        let missing = AWSCredentialChain(environment: ["AWS_SHARED_CREDENTIALS_FILE": path, "AWS_PROFILE": "nope"])
        await #expect(throws: AWSError.self) { _ = try await missing.credentials(logger: logger) }
    }

    @Test func fetchesContainerCredentialsWithAuthorizationTokenFile() async throws {
        let tokenPath = FileManager.default.temporaryDirectory.appendingPathComponent("token-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: tokenPath) }
        try "Bearer ecs-token\n".write(toFile: tokenPath, atomically: true, encoding: .utf8)
        let expiration = "2099-01-01T00:00:00Z"
        let body = #"{"AccessKeyId":"ASIAECS","SecretAccessKey":"ecs-secret","Token":"ecs-session","Expiration":"\#(expiration)"}"#
        try await FakeHTTPServer.withServer(respond: { request in
            request.headers.first(name: "Authorization") == "Bearer ecs-token" && request.uri == "/v2/credentials/abc"
                ? (200, body) : (401, "{}")
        }) { base in
            let chain = AWSCredentialChain(environment: [
                "AWS_CONTAINER_CREDENTIALS_FULL_URI": "\(base)/v2/credentials/abc",
                "AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE": tokenPath,
                "AWS_CONTAINER_AUTHORIZATION_TOKEN": "ignored-when-file-set",
            ])
            let credentials = try await chain.credentials(logger: logger)
            #expect(credentials.accessKeyID == "ASIAECS")
            #expect(credentials.sessionToken == "ecs-session")
            #expect(credentials.expiration == ISO8601DateFormatter().date(from: expiration))
        }
    }

    @Test func refusesContainerURIOnArbitraryHTTPHost() async throws {
        let chain = AWSCredentialChain(environment: ["AWS_CONTAINER_CREDENTIALS_FULL_URI": "http://example.com/creds"])
        let error = await #expect(throws: AWSError.self) { _ = try await chain.credentials(logger: logger) }
        #expect(error?.code == .invalidConfiguration)
    }

    @Test func assumesRoleWithWebIdentityThroughSTS() async throws {
        let server = try LocalS3Server.fromEnvironment()
        let tokenPath = FileManager.default.temporaryDirectory.appendingPathComponent("jwt-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: tokenPath) }
        try "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ0ZXN0In0.sig".write(toFile: tokenPath, atomically: true, encoding: .utf8)
        let chain = AWSCredentialChain(environment: [
            "AWS_WEB_IDENTITY_TOKEN_FILE": tokenPath, "AWS_ROLE_ARN": "arn:aws:iam::123456789012:role/pipeline",
            "AWS_ROLE_SESSION_NAME": "tests", "AWS_REGION": server.region, "AWS_ENDPOINT_URL_STS": server.endpoint,
        ])
        let credentials = try await chain.credentials(logger: logger)
        #expect(!credentials.accessKeyID.isEmpty)
        #expect(credentials.sessionToken != nil)
        #expect(credentials.expiration != nil)
    }

    @Test func refreshesBeforeExpiryAndCachesOtherwise() async throws {
        let clock = TestClock()
        let source = CountingSource(clock: clock)
        let chain = AWSCredentialChain(sources: [source], refreshWindow: 300, now: { clock.now })
        let first = try await chain.credentials(logger: logger)
        let second = try await chain.credentials(logger: logger)
        #expect(first == second)
        #expect(source.loads == 1)
        clock.advance(by: 3600 - 299)  // inside the refresh window
        let third = try await chain.credentials(logger: logger)
        #expect(source.loads == 2)
        #expect(third.accessKeyID == "AKID2")
        // Concurrent callers share one refresh.
        clock.advance(by: 3600)
        try await withThrowingTaskGroup(of: AWSCredentials.self) { group in
            for _ in 0..<8 { group.addTask { try await chain.credentials(logger: logger) } }
            for try await credentials in group { #expect(credentials.accessKeyID == "AKID3") }
        }
        #expect(source.loads == 3)
    }
}

/// A settable clock.
final class TestClock: @unchecked Sendable {
    // Invariant: `value` is only accessed under `lock`.
    private let lock = NSLock()
    private var value = Date(timeIntervalSince1970: 1_700_000_000)
    var now: Date { lock.withLock { value } }
    func advance(by seconds: TimeInterval) { lock.withLock { value += seconds } }
}

/// Hands out credentials valid for an hour, counting loads.
final class CountingSource: AWSCredentialSource, @unchecked Sendable {
    // Invariant: `count` is only accessed under `lock`.
    private let lock = NSLock()
    private var count = 0
    let clock: TestClock
    var name: String { "counting" }

    init(clock: TestClock) { self.clock = clock }

    var loads: Int { lock.withLock { count } }

    func loadCredentials(logger: Logger) async throws -> AWSCredentials? {
        let number = lock.withLock {
            count += 1
            return count
        }
        try await Task.sleep(for: .milliseconds(20))
        return AWSCredentials(
            accessKeyID: "AKID\(number)", secretAccessKey: "s", sessionToken: "t",
            expiration: clock.now.addingTimeInterval(3600))
    }
}
