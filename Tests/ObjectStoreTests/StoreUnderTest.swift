import AWS
import Foundation
import Logging
import ObjectStore

/// The stores the behaviour suite runs against.
enum StoreUnderTest: String, CaseIterable, Sendable, CustomStringConvertible {
    case fileSystem
    case s3

    var description: String { rawValue }

    struct S3NotConfigured: Error, CustomStringConvertible {
        var description: String {
            "S3_ENDPOINT_URL is not set: run docker/local/up and source .local-stack/env (the file it prints) "
                + "before running the S3 tests"
        }
    }

    /// A fresh, empty store: a temp folder, or a new bucket (with a key prefix) on the local S3 server.
    func make() async throws -> any ObjectStore {
        switch self {
        case .fileSystem:
            let root = FileManager.default.temporaryDirectory.appendingPathComponent("store-\(UUID().uuidString)").path
            return try FileSystemObjectStore(root: root)
        case .s3:
            let client = try Self.s3Client()
            let bucket = "aiq-store-\(UUID().uuidString.prefix(13).lowercased().replacingOccurrences(of: "-", with: ""))"
            try await client.createBucket(bucket)
            return S3ObjectStore(client: client, bucket: bucket, prefix: "lake/root", kmsKeyID: "alias/lake-test")
        }
    }

    static func s3Client() throws -> S3Client {
        let environment = ProcessInfo.processInfo.environment
        guard let endpoint = environment["S3_ENDPOINT_URL"], !endpoint.isEmpty,
            let keyID = environment["AWS_ACCESS_KEY_ID"], let secret = environment["AWS_SECRET_ACCESS_KEY"]
        else { throw S3NotConfigured() }
        let configuration = S3Configuration(
            region: environment["AWS_REGION"] ?? "us-east-1", endpoint: try AWSEndpoint(url: endpoint),
            forcePathStyle: true, requestTimeout: .seconds(30),
            retryPolicy: AWSRetryPolicy(maxAttempts: 3, baseDelay: .milliseconds(10)), multipartThreshold: 5 << 20,
            partSize: 5 << 20)
        return S3Client(
            configuration: configuration,
            credentials: StaticCredentialProvider(AWSCredentials(accessKeyID: keyID, secretAccessKey: secret)),
            logger: Logger(label: "object-store-tests"))
    }
}
