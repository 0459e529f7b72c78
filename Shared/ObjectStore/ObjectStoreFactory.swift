import AWS
import Foundation
import Logging

/// Builds the store a URL names (`LAKE_URL`, `EXPORT_URL`, `TRUST_BUCKET_URL`, …).
///
/// ## Configuration keys (for `s3://` URLs)
/// - `AWS_REGION`/`AWS_DEFAULT_REGION`, `S3_ENDPOINT_URL`, `S3_FORCE_PATH_STYLE`, `S3_MAX_ATTEMPTS`,
///   `S3_PART_SIZE`, `S3_REQUEST_TIMEOUT_SECONDS` (``S3Configuration``), and the credential chain's variables
///   (``AWSCredentialChain``).
/// - `LAKE_KMS_KEY_ID` (or the variable named by `kmsKeyVariable`): SSE-KMS key for every write.
/// - `S3_EXPECTED_BUCKET_OWNER`: the bucket's account id, sent on every request.
package enum ObjectStoreFactory {
    /// A store for `url`: `file://…` or a bare path → ``FileSystemObjectStore`` (relative paths resolved
    /// against the current directory); `s3://bucket/prefix` → ``S3ObjectStore``.
    ///
    /// - Throws: ``ObjectStoreError`` with code `invalidConfiguration`.
    package static func make(
        url: String, environment: [String: String], kmsKeyVariable: String = "LAKE_KMS_KEY_ID", logger: Logger
    ) throws -> any ObjectStore {
        switch try ObjectStoreLocation(parsing: url) {
        case .fileSystem(let root):
            let absolute =
                root.hasPrefix("/") ? root : FileManager.default.currentDirectoryPath + "/" + root
            return try FileSystemObjectStore(root: absolute)
        case .s3(let bucket, let prefix):
            func value(_ name: String) -> String? {
                environment[name].flatMap { $0.trimmingCharacters(in: .whitespaces).isEmpty ? nil : $0 }
            }
            let client: S3Client
            do {
                client = try S3Client(environment: environment, logger: logger)
            } catch {
                throw ObjectStoreError(.invalidConfiguration, "cannot configure S3 for \(url.prefix(200))", underlying: error)
            }
            return S3ObjectStore(
                client: client, bucket: bucket, prefix: prefix, kmsKeyID: value(kmsKeyVariable),
                expectedBucketOwner: value("S3_EXPECTED_BUCKET_OWNER"))
        }
    }
}
