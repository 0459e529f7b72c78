import AWS
import Crypto
import Foundation
import Logging

/// The lake (or an export location) in S3: `s3://bucket/prefix`.
///
/// Keys are relative to the prefix. Every write is a single PutObject or a completed multipart upload, so
/// readers never see a partial object; a failed multipart upload is aborted. With a KMS key id every write
/// carries SSE-KMS headers; with an expected owner every request carries `x-amz-expected-bucket-owner`.
/// Create-only writes use `If-None-Match: *` (412 → ``ObjectStoreError`` `alreadyExists`).
package struct S3ObjectStore: ObjectStore {
    package let client: S3Client
    package let bucket: String
    /// "" or ending in `/`.
    package let prefix: String
    package let kmsKeyID: String?
    package let expectedBucketOwner: String?

    package init(client: S3Client, bucket: String, prefix: String, kmsKeyID: String? = nil, expectedBucketOwner: String? = nil) {
        self.client = client
        self.bucket = bucket
        var prefix = prefix
        while prefix.hasPrefix("/") { prefix.removeFirst() }
        if !prefix.isEmpty, !prefix.hasSuffix("/") { prefix += "/" }
        self.prefix = prefix
        self.kmsKeyID = kmsKeyID
        self.expectedBucketOwner = expectedBucketOwner
    }

    package var locationDescription: String { "s3://\(bucket)/\(prefix)" }

    package func put(key: String, body: ObjectBody, options: PutOptions) async throws -> StoredObject {
        let fullKey = try self.fullKey(key)
        let source: S3UploadSource
        switch body {
        case .bytes(let bytes): source = .bytes(bytes)
        case .file(let path): source = .file(path: path)
        }
        let result = try await mapErrors(key: key) {
            try await client.putObject(bucket: bucket, key: fullKey, source: source, options: s3Options(options))
        }
        return StoredObject(
            key: key, size: Int(result.size), etag: result.etag, lastModified: Date(), sha256: result.sha256,
            versionID: result.versionID)
    }

    package func get(key: String, range: Range<Int>?) async throws -> [UInt8] {
        let fullKey = try self.fullKey(key)
        let s3Range = range.map { Int64(max($0.lowerBound, 0))..<Int64(max($0.upperBound, 0)) }
        return try await mapErrors(key: key) {
            try await client.getObject(bucket: bucket, key: fullKey, range: s3Range, expectedBucketOwner: expectedBucketOwner)
        }
    }

    package func read(key: String, chunk body: @Sendable ([UInt8]) async throws -> Void) async throws -> StoredObject {
        let fullKey = try self.fullKey(key)
        var hasher = SHA256()
        var size = 0
        let metadata = try await mapErrors(key: key) {
            try await client.streamObjectBytes(bucket: bucket, key: fullKey, expectedBucketOwner: expectedBucketOwner) {
                bytes in
                hasher.update(data: bytes)
                size += bytes.count
                try await body(bytes)
            }
        }
        return StoredObject(
            key: key, size: size, etag: metadata.etag, lastModified: metadata.lastModified,
            sha256: hasher.finalize().hexEncoded, versionID: metadata.versionID)
    }

    package func head(key: String) async throws -> StoredObject? {
        let fullKey = try self.fullKey(key)
        guard
            let metadata = try await mapErrors(key: key, {
                try await client.headObject(bucket: bucket, key: fullKey, expectedBucketOwner: expectedBucketOwner)
            })
        else { return nil }
        return StoredObject(
            key: key, size: Int(metadata.size), etag: metadata.etag, lastModified: metadata.lastModified,
            sha256: metadata.sha256, versionID: metadata.versionID)
    }

    package func list(prefix: String, delimiter: String?, continuationToken: String?, maxKeys: Int) async throws
        -> ObjectListPage
    {
        let page = try await mapErrors(key: nil) {
            try await client.listObjectsV2(
                bucket: bucket, prefix: self.prefix + prefix, delimiter: delimiter, continuationToken: continuationToken,
                maxKeys: maxKeys, expectedBucketOwner: expectedBucketOwner)
        }
        let rootCount = self.prefix.count
        return ObjectListPage(
            objects: page.objects.map {
                StoredObject(
                    key: String($0.key.dropFirst(rootCount)), size: Int($0.size), etag: $0.etag,
                    lastModified: $0.lastModified)
            },
            commonPrefixes: page.commonPrefixes.map { String($0.dropFirst(rootCount)) },
            nextContinuationToken: page.nextContinuationToken)
    }

    package func copy(from sourceKey: String, to key: String, options: PutOptions) async throws -> StoredObject {
        let source = try fullKey(sourceKey)
        let destination = try fullKey(key)
        let result = try await mapErrors(key: sourceKey) {
            try await client.copyObject(
                sourceBucket: bucket, sourceKey: source, bucket: bucket, key: destination, options: s3Options(options),
                sourceExpectedBucketOwner: expectedBucketOwner)
        }
        return StoredObject(
            key: key, size: Int(result.size), etag: result.etag, lastModified: Date(), sha256: result.sha256,
            versionID: result.versionID)
    }

    // MARK: - Keys, options, errors

    /// The S3 key of a store key; refuses empty keys, `.`/`..`/empty segments, NUL and keys over 1024 bytes.
    package func fullKey(_ key: String) throws -> String {
        let segments = key.split(separator: "/", omittingEmptySubsequences: false)
        let full = prefix + key
        guard !key.isEmpty, full.utf8.count <= 1024, !key.contains("\0"),
            segments.allSatisfy({ !$0.isEmpty && $0 != "." && $0 != ".." })
        else { throw ObjectStoreError(.invalidKey, "invalid object key", key: String(key.prefix(200))) }
        return full
    }

    private func s3Options(_ options: PutOptions) -> S3PutOptions {
        S3PutOptions(
            contentType: options.contentType, ifNoneMatch: options.createOnly,
            serverSideEncryption: kmsKeyID.map { .kms(keyID: $0) }, expectedBucketOwner: expectedBucketOwner)
    }

    private func mapErrors<Result: Sendable>(key: String?, _ operation: () async throws -> Result) async throws -> Result {
        do {
            return try await operation()
        } catch let error as AWSError {
            throw Self.storeError(error, key: key)
        }
    }

    /// The store error for an S3 failure (the AWS error is kept as `underlying`).
    static func storeError(_ error: AWSError, key: String?) -> ObjectStoreError {
        let code: ObjectStoreError.Code
        let message: String
        switch (error.code, error.httpStatus) {
        case (.noSuchBucket, _):
            (code, message) = (.invalidConfiguration, "bucket does not exist")
        case (.noSuchKey, _), (.notFound, _), (_, 404):
            (code, message) = (.notFound, "object does not exist")
        case (.preconditionFailed, _), (_, 412):
            (code, message) = (.alreadyExists, "object exists")
        case (.accessDenied, _), (.signatureDoesNotMatch, _), (.invalidAccessKeyID, _), (_, 403):
            (code, message) = (.accessDenied, "access denied")
        case (.noCredentials, _), (.credentialsUnavailable, _), (.invalidConfiguration, _):
            (code, message) = (.invalidConfiguration, "S3 is not configured correctly")
        case (.localIO, _):
            (code, message) = (.io, "cannot read the local file")
        default:
            (code, message) = error.isRetryable ? (.unavailable, "S3 unavailable") : (.io, "S3 request failed")
        }
        return ObjectStoreError(code, message, key: key, underlying: error)
    }
}
