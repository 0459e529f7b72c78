import AWS
import Foundation
import Logging

/// The S3-compatible server the integration tests use, read from the environment that `docker/local/up`
/// writes (`S3_ENDPOINT_URL`, `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY`, `AWS_REGION`).
struct LocalS3Server {
    struct NotConfigured: Error, CustomStringConvertible {
        var description: String {
            "S3_ENDPOINT_URL / S3_SIGNED_ENDPOINT_URL not set: run docker/local/up and source $LOCAL_STACK_DIR/env "
                + "before running the S3 tests"
        }
    }

    let environment: [String: String]
    let endpoint: String
    let region: String
    let credentials: AWSCredentials

    /// The configured server; throws (failing the test with instructions) when it is not configured.
    static func fromEnvironment() throws -> LocalS3Server {
        let environment = ProcessInfo.processInfo.environment
        guard let endpoint = environment["S3_ENDPOINT_URL"], !endpoint.isEmpty,
            let keyID = environment["AWS_ACCESS_KEY_ID"], let secret = environment["AWS_SECRET_ACCESS_KEY"]
        else { throw NotConfigured() }
        return LocalS3Server(
            environment: environment, endpoint: endpoint, region: environment["AWS_REGION"] ?? "us-east-1",
            credentials: AWSCredentials(accessKeyID: keyID, secretAccessKey: secret))
    }

    /// The signature-checking server (`S3_SIGNED_*`): moto verifying every SigV4 signature.
    static func signatureChecking() throws -> LocalS3Server {
        let environment = ProcessInfo.processInfo.environment
        guard let endpoint = environment["S3_SIGNED_ENDPOINT_URL"], !endpoint.isEmpty,
            let keyID = environment["S3_SIGNED_ACCESS_KEY_ID"], let secret = environment["S3_SIGNED_SECRET_ACCESS_KEY"]
        else { throw NotConfigured() }
        return LocalS3Server(
            environment: environment, endpoint: endpoint, region: environment["AWS_REGION"] ?? "us-east-1",
            credentials: AWSCredentials(accessKeyID: keyID, secretAccessKey: secret))
    }

    func configuration(endpoint: String? = nil, maxAttempts: Int = 5) throws -> S3Configuration {
        S3Configuration(
            region: region, endpoint: try AWSEndpoint(url: endpoint ?? self.endpoint), forcePathStyle: true,
            requestTimeout: .seconds(30),
            retryPolicy: AWSRetryPolicy(maxAttempts: maxAttempts, baseDelay: .milliseconds(10), maxDelay: .milliseconds(50)),
            multipartThreshold: 5 << 20, partSize: 5 << 20)
    }

    func client(endpoint: String? = nil, credentials: AWSCredentials? = nil, maxAttempts: Int = 5, logger: Logger = Logger(label: "aws-tests"))
        throws -> S3Client
    {
        S3Client(
            configuration: try configuration(endpoint: endpoint, maxAttempts: maxAttempts),
            credentials: StaticCredentialProvider(credentials ?? self.credentials), logger: logger)
    }

    /// A new bucket with a unique name.
    func makeBucket(_ client: S3Client) async throws -> String {
        let bucket = "aiq-test-\(UUID().uuidString.prefix(13).lowercased().replacingOccurrences(of: "-", with: ""))"
        try await client.createBucket(bucket)
        return bucket
    }
}
