import Foundation

/// How an ``S3Client`` reaches S3 and moves data.
///
/// ## Configuration keys
/// - `AWS_REGION` (or `AWS_DEFAULT_REGION`): the region; required unless `S3_ENDPOINT_URL` is set
///   (then `us-east-1` by default).
/// - `S3_ENDPOINT_URL`: a custom endpoint for an S3-compatible server, e.g. `http://127.0.0.1:9000`.
/// - `S3_FORCE_PATH_STYLE`: `true` for `endpoint/bucket/key` URLs instead of `bucket.endpoint/key`.
///   Path style is also used when virtual hosting cannot work (IP-address endpoints, dotted buckets on https).
/// - `S3_MAX_ATTEMPTS`: attempts per request including the first (default 5).
/// - `S3_PART_SIZE`: multipart part size in bytes (default 16 MiB, at least 5 MiB); files larger than the
///   part size are uploaded in parts.
/// - `S3_REQUEST_TIMEOUT_SECONDS`: per-attempt timeout up to the response head (default 120).
package struct S3Configuration: Sendable, Hashable {
    package static let minimumPartSize = 5 << 20
    package static let maximumParts = 10_000

    package var region: String
    /// nil for AWS's own endpoints (`s3.<region>.amazonaws.com`).
    package var endpoint: AWSEndpoint?
    package var forcePathStyle: Bool
    /// Per-attempt timeout up to the response head.
    package var requestTimeout: Duration
    package var retryPolicy: AWSRetryPolicy
    /// Uploads larger than this use multipart upload. Default 16 MiB.
    package var multipartThreshold: Int
    /// Part size for multipart uploads (≥ 5 MiB). Default 16 MiB.
    package var partSize: Int
    /// Parts uploaded at once (memory: about (concurrency + 1) × partSize). Default 4.
    package var uploadConcurrency: Int
    /// Copies of objects larger than this use UploadPartCopy. Default 5 GiB (CopyObject's limit).
    package var copyMultipartThreshold: Int64
    /// Part size for UploadPartCopy. Default 512 MiB.
    package var copyPartSize: Int64

    package init(
        region: String, endpoint: AWSEndpoint? = nil, forcePathStyle: Bool = false,
        requestTimeout: Duration = .seconds(120), retryPolicy: AWSRetryPolicy = AWSRetryPolicy(),
        multipartThreshold: Int = 16 << 20, partSize: Int = 16 << 20, uploadConcurrency: Int = 4,
        copyMultipartThreshold: Int64 = 5 << 30, copyPartSize: Int64 = 512 << 20
    ) {
        self.region = region
        self.endpoint = endpoint
        self.forcePathStyle = forcePathStyle
        self.requestTimeout = requestTimeout
        self.retryPolicy = retryPolicy
        self.multipartThreshold = max(multipartThreshold, Self.minimumPartSize)
        self.partSize = max(partSize, Self.minimumPartSize)
        self.uploadConcurrency = max(1, uploadConcurrency)
        self.copyMultipartThreshold = copyMultipartThreshold
        self.copyPartSize = max(copyPartSize, Int64(Self.minimumPartSize))
    }

    /// Reads the configuration keys listed above from `environment`.
    ///
    /// - Throws: ``AWSError`` with code `invalidConfiguration` naming the variable at fault.
    package init(environment: [String: String]) throws {
        func value(_ name: String) -> String? {
            environment[name].flatMap { $0.trimmingCharacters(in: .whitespaces).isEmpty ? nil : $0 }
        }
        let endpoint = try value("S3_ENDPOINT_URL").map { try AWSEndpoint(url: $0) }
        guard let region = value("AWS_REGION") ?? value("AWS_DEFAULT_REGION") ?? (endpoint == nil ? nil : "us-east-1")
        else { throw AWSError(.invalidConfiguration, "AWS_REGION (or AWS_DEFAULT_REGION) is not set") }
        let forcePathStyle = ["true", "1", "yes"].contains(value("S3_FORCE_PATH_STYLE")?.lowercased() ?? "")
        var configuration = S3Configuration(region: region, endpoint: endpoint, forcePathStyle: forcePathStyle)
        if let text = value("S3_MAX_ATTEMPTS") {
            guard let attempts = Int(text), attempts >= 1 else {
                throw AWSError(.invalidConfiguration, "S3_MAX_ATTEMPTS must be a positive integer")
            }
            configuration.retryPolicy.maxAttempts = attempts
        }
        if let text = value("S3_PART_SIZE") {
            guard let size = Int(text), size >= Self.minimumPartSize else {
                throw AWSError(.invalidConfiguration, "S3_PART_SIZE must be an integer ≥ 5242880")
            }
            configuration.partSize = size
            configuration.multipartThreshold = size
        }
        if let text = value("S3_REQUEST_TIMEOUT_SECONDS") {
            guard let seconds = Int(text), seconds > 0 else {
                throw AWSError(.invalidConfiguration, "S3_REQUEST_TIMEOUT_SECONDS must be a positive integer")
            }
            configuration.requestTimeout = .seconds(seconds)
        }
        self = configuration
    }
}
