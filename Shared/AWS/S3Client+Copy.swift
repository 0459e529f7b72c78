import Foundation
import NIOCore

extension S3Client {
    /// Copies an object server-side, also across buckets, and returns what was stored.
    ///
    /// Objects up to ``S3Configuration/copyMultipartThreshold`` (5 GiB) use CopyObject; larger ones, and all
    /// copies with `options.ifNoneMatch` (so the create-only check is atomic on CompleteMultipartUpload), use
    /// multipart UploadPartCopy, aborted on failure. Metadata (including the stored SHA-256) is kept; a
    /// `contentType` in `options` replaces the source's. `options.serverSideEncryption` applies to the copy.
    ///
    /// - Parameter sourceExpectedBucketOwner: sent as `x-amz-source-expected-bucket-owner` (and on the HEAD
    ///   of the source).
    /// - Throws: ``AWSError``; `NoSuchKey` when the source does not exist, `PreconditionFailed` when
    ///   `ifNoneMatch` is set and the destination exists.
    package func copyObject(
        sourceBucket: String, sourceKey: String, bucket: String, key: String, options: S3PutOptions = S3PutOptions(),
        sourceExpectedBucketOwner: String? = nil
    ) async throws -> S3PutResult {
        guard
            let source = try await headObject(
                bucket: sourceBucket, key: sourceKey, expectedBucketOwner: sourceExpectedBucketOwner)
        else {
            throw AWSError(.noSuchKey, "copy source does not exist", httpStatus: 404, operation: "CopyObject")
        }
        var options = options
        if options.contentType == nil { options.contentType = source.contentType }
        options.metadata = source.metadata.merging(options.metadata) { $1 }
        let copySource = "/" + AWSURIEncoding.encode(sourceBucket) + "/" + AWSURIEncoding.encodePath(sourceKey)
        var sourceHeaders: [(String, String)] = [("x-amz-copy-source", copySource)]
        if let owner = sourceExpectedBucketOwner { sourceHeaders.append(("x-amz-source-expected-bucket-owner", owner)) }
        if source.size > configuration.copyMultipartThreshold || options.ifNoneMatch {
            return try await copyMultipart(
                source: source, sourceHeaders: sourceHeaders, bucket: bucket, key: key, options: options)
        }
        var headers = sourceHeaders + writeHeaders(options, sha256: nil)
        headers.append(("x-amz-metadata-directive", "REPLACE"))
        let request = try makeRequest(.PUT, bucket: bucket, key: key, headers: headers)
        let response = try await transport.execute(
            request, signing: signing, operation: "CopyObject", logger: logger, embeddedErrors: true)
        let etag = (try? AWSXMLElement.parse(response.body))?.value("ETag")
        return S3PutResult(
            etag: etag, versionID: response.headers.first(name: "x-amz-version-id"), size: source.size,
            sha256: source.sha256)
    }

    private func copyMultipart(
        source: S3ObjectMetadata, sourceHeaders: [(String, String)], bucket: String, key: String, options: S3PutOptions
    ) async throws -> S3PutResult {
        let size = source.size
        let partSize = max(configuration.copyPartSize, (size + 9_999) / 10_000)
        let uploadID = try await createMultipartUpload(bucket: bucket, key: key, options: options)
        do {
            let parts = try await withThrowingTaskGroup(of: (partNumber: Int, etag: String).self) { group in
                var ranges: [Range<Int64>?] = []
                if size <= partSize {
                    ranges = [nil]  // one part: the whole object (also works for an empty one)
                } else {
                    var offset: Int64 = 0
                    while offset < size {
                        ranges.append(offset..<min(offset + partSize, size))
                        offset += partSize
                    }
                }
                var parts: [(partNumber: Int, etag: String)] = []
                for (index, range) in ranges.enumerated() {
                    if index >= configuration.uploadConcurrency, let done = try await group.next() { parts.append(done) }
                    group.addTask {
                        let etag = try await uploadPartCopy(
                            sourceHeaders: sourceHeaders, range: range, bucket: bucket, key: key, uploadID: uploadID,
                            partNumber: index + 1, expectedBucketOwner: options.expectedBucketOwner)
                        return (index + 1, etag)
                    }
                }
                while let done = try await group.next() { parts.append(done) }
                return parts
            }
            let completed = try await completeMultipartUpload(
                bucket: bucket, key: key, uploadID: uploadID, parts: parts, ifNoneMatch: options.ifNoneMatch,
                expectedBucketOwner: options.expectedBucketOwner)
            return S3PutResult(etag: completed.etag, versionID: completed.versionID, size: size, sha256: source.sha256)
        } catch {
            await abortAfterFailure(bucket: bucket, key: key, uploadID: uploadID, owner: options.expectedBucketOwner)
            throw error
        }
    }

    private func uploadPartCopy(
        sourceHeaders: [(String, String)], range: Range<Int64>?, bucket: String, key: String, uploadID: String,
        partNumber: Int, expectedBucketOwner: String?
    ) async throws -> String {
        var headers = sourceHeaders
        if let range { headers.append(("x-amz-copy-source-range", "bytes=\(range.lowerBound)-\(range.upperBound - 1)")) }
        if let expectedBucketOwner { headers.append(("x-amz-expected-bucket-owner", expectedBucketOwner)) }
        let request = try makeRequest(
            .PUT, bucket: bucket, key: key, query: [("partNumber", String(partNumber)), ("uploadId", uploadID)],
            headers: headers)
        let response = try await transport.execute(
            request, signing: signing, operation: "UploadPartCopy", logger: logger, embeddedErrors: true)
        guard let etag = try AWSXMLElement.parse(response.body).value("ETag") else {
            throw AWSError(.invalidResponse, "no ETag for copied part \(partNumber)", operation: "UploadPartCopy")
        }
        return etag
    }
}
