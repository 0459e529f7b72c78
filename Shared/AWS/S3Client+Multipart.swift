import Foundation
import Logging
import NIOCore

extension S3Client {
    /// Starts a multipart upload and returns its upload id. SSE, content type, metadata and the expected
    /// owner from `options` apply to the whole object.
    package func createMultipartUpload(bucket: String, key: String, options: S3PutOptions = S3PutOptions(), sha256: String? = nil)
        async throws -> String
    {
        let request = try makeRequest(
            .POST, bucket: bucket, key: key, query: [("uploads", "")], headers: writeHeaders(options, sha256: sha256))
        let response = try await transport.execute(
            request, signing: signing, operation: "CreateMultipartUpload", logger: logger)
        guard let uploadID = try AWSXMLElement.parse(response.body).value("UploadId"), !uploadID.isEmpty else {
            throw AWSError(.invalidResponse, "no UploadId in the response", operation: "CreateMultipartUpload")
        }
        return uploadID
    }

    /// Uploads one part (numbers 1…10000; every part but the last ≥ 5 MiB) and returns its ETag.
    package func uploadPart(
        bucket: String, key: String, uploadID: String, partNumber: Int, body: ByteBuffer,
        expectedBucketOwner: String? = nil
    ) async throws -> String {
        let headers = expectedBucketOwner.map { [("x-amz-expected-bucket-owner", $0)] } ?? []
        let request = try makeRequest(
            .PUT, bucket: bucket, key: key, query: [("partNumber", String(partNumber)), ("uploadId", uploadID)],
            headers: headers, body: .bytes(body))
        let response = try await transport.execute(request, signing: signing, operation: "UploadPart", logger: logger)
        guard let etag = response.headers.first(name: "etag") else {
            throw AWSError(.invalidResponse, "no ETag for part \(partNumber)", operation: "UploadPart")
        }
        return etag
    }

    /// Completes a multipart upload from `(partNumber, etag)` pairs.
    ///
    /// - Parameter ifNoneMatch: send `If-None-Match: *` (412 `PreconditionFailed` if the key exists).
    package func completeMultipartUpload(
        bucket: String, key: String, uploadID: String, parts: [(partNumber: Int, etag: String)], ifNoneMatch: Bool = false,
        expectedBucketOwner: String? = nil
    ) async throws -> (etag: String?, versionID: String?) {
        var xml = "<CompleteMultipartUpload xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">"
        for part in parts.sorted(by: { $0.partNumber < $1.partNumber }) {
            xml += "<Part><PartNumber>\(part.partNumber)</PartNumber><ETag>\(Self.escapeXML(part.etag))</ETag></Part>"
        }
        xml += "</CompleteMultipartUpload>"
        var headers: [(String, String)] = [("Content-Type", "application/xml")]
        if ifNoneMatch { headers.append(("If-None-Match", "*")) }
        if let expectedBucketOwner { headers.append(("x-amz-expected-bucket-owner", expectedBucketOwner)) }
        let request = try makeRequest(
            .POST, bucket: bucket, key: key, query: [("uploadId", uploadID)], headers: headers,
            body: .bytes(ByteBuffer(string: xml)))
        let response = try await transport.execute(
            request, signing: signing, operation: "CompleteMultipartUpload", logger: logger, embeddedErrors: true)
        let etag = (try? AWSXMLElement.parse(response.body))?.value("ETag") ?? response.headers.first(name: "etag")
        return (etag, response.headers.first(name: "x-amz-version-id"))
    }

    /// Aborts a multipart upload, discarding its parts.
    package func abortMultipartUpload(bucket: String, key: String, uploadID: String, expectedBucketOwner: String? = nil)
        async throws
    {
        let headers = expectedBucketOwner.map { [("x-amz-expected-bucket-owner", $0)] } ?? []
        let request = try makeRequest(.DELETE, bucket: bucket, key: key, query: [("uploadId", uploadID)], headers: headers)
        _ = try await transport.execute(request, signing: signing, operation: "AbortMultipartUpload", logger: logger)
    }

    /// In-progress multipart uploads under `prefix` (first page, up to 1000).
    package func listMultipartUploads(bucket: String, prefix: String = "", expectedBucketOwner: String? = nil)
        async throws -> [S3MultipartUpload]
    {
        let headers = expectedBucketOwner.map { [("x-amz-expected-bucket-owner", $0)] } ?? []
        var query: [(String, String)] = [("uploads", "")]
        if !prefix.isEmpty { query.append(("prefix", prefix)) }
        let request = try makeRequest(.GET, bucket: bucket, key: nil, query: query, headers: headers)
        let response = try await transport.execute(
            request, signing: signing, operation: "ListMultipartUploads", logger: logger)
        return try AWSXMLElement.parse(response.body).children("Upload").compactMap { upload in
            guard let key = upload.value("Key"), let uploadID = upload.value("UploadId") else { return nil }
            return S3MultipartUpload(
                key: key, uploadID: uploadID, initiated: upload.value("Initiated").flatMap(AWSTimestamp.parse))
        }
    }

    /// Uploads `size` bytes in parts read by `readPart(offset, length)` (called sequentially), at most
    /// ``S3Configuration/uploadConcurrency`` parts in flight. Any failure aborts the upload and rethrows the
    /// original error.
    func uploadMultipart(
        bucket: String, key: String, size: Int64, sha256: String, options: S3PutOptions,
        readPart: (Int64, Int) throws -> ByteBuffer
    ) async throws -> S3PutResult {
        let partSize = Int64(max(configuration.partSize, Int((size + 9_999) / 10_000)))
        let uploadID = try await createMultipartUpload(bucket: bucket, key: key, options: options, sha256: sha256)
        let partLogger = logger
        do {
            let parts = try await withThrowingTaskGroup(of: (partNumber: Int, etag: String).self) { group in
                var parts: [(partNumber: Int, etag: String)] = []
                var offset: Int64 = 0
                var partNumber = 1
                var inFlight = 0
                while offset < size {
                    let length = Int(min(partSize, size - offset))
                    let body = try readPart(offset, length)
                    if inFlight >= configuration.uploadConcurrency, let done = try await group.next() {
                        parts.append(done)
                        inFlight -= 1
                    }
                    let number = partNumber
                    group.addTask {
                        let etag = try await uploadPart(
                            bucket: bucket, key: key, uploadID: uploadID, partNumber: number, body: body,
                            expectedBucketOwner: options.expectedBucketOwner)
                        return (number, etag)
                    }
                    inFlight += 1
                    offset += Int64(length)
                    partNumber += 1
                }
                while let done = try await group.next() { parts.append(done) }
                return parts
            }
            let completed = try await completeMultipartUpload(
                bucket: bucket, key: key, uploadID: uploadID, parts: parts, ifNoneMatch: options.ifNoneMatch,
                expectedBucketOwner: options.expectedBucketOwner)
            partLogger.debug(
                "multipart upload complete", metadata: ["s3.key": "\(key)", "s3.parts": "\(parts.count)"])
            return S3PutResult(etag: completed.etag, versionID: completed.versionID, size: size, sha256: sha256)
        } catch {
            await abortAfterFailure(bucket: bucket, key: key, uploadID: uploadID, owner: options.expectedBucketOwner)
            throw error
        }
    }

    /// Aborts an upload after a failure. Runs even when the calling task was cancelled (the abort itself must
    /// not be cancelled); its own failure is logged, never thrown over the original error.
    func abortAfterFailure(bucket: String, key: String, uploadID: String, owner: String?) async {
        let client = self
        // An awaited (not fire-and-forget) task, so the cleanup is shielded from the caller's cancellation.
        let outcome = await Task {
            try await client.abortMultipartUpload(bucket: bucket, key: key, uploadID: uploadID, expectedBucketOwner: owner)
        }.result
        if case .failure(let error) = outcome {
            logger.warning(
                "could not abort multipart upload", metadata: ["s3.key": "\(key)", "aws.error": "\(error)"])
        } else {
            logger.info("aborted multipart upload after failure", metadata: ["s3.key": "\(key)"])
        }
    }

    static func escapeXML(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }
}
