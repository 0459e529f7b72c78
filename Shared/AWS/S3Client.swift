import AsyncHTTPClient
import Crypto
import Foundation
import Logging
import NIOCore
import NIOHTTP1

/// A small S3 client: objects, listings, server-side copies, multipart uploads and presigned URLs.
///
/// Every request is signed with SigV4 (fresh credentials from the provider per attempt), has a timeout,
/// and is retried per ``S3Configuration/retryPolicy``. Errors are ``AWSError`` with the service's code.
/// Uses `HTTPClient.shared` unless given a client (which the caller then owns and shuts down).
///
/// Operations that take `expectedBucketOwner` send `x-amz-expected-bucket-owner`, so a request to a bucket
/// owned by another account fails with 403 instead of reading or writing it.
package struct S3Client: Sendable {
    package let configuration: S3Configuration
    package let credentials: any AWSCredentialProvider
    package let logger: Logger
    let transport: AWSHTTPTransport

    package init(
        configuration: S3Configuration, credentials: any AWSCredentialProvider, httpClient: HTTPClient = .shared,
        logger: Logger
    ) {
        self.configuration = configuration
        self.credentials = credentials
        self.logger = logger
        self.transport = AWSHTTPTransport(
            httpClient: httpClient, retryPolicy: configuration.retryPolicy, timeout: configuration.requestTimeout)
    }

    /// A client configured from the environment (``S3Configuration/init(environment:)``) with the default
    /// credential chain (``AWSCredentialChain``).
    package init(environment: [String: String], httpClient: HTTPClient = .shared, logger: Logger) throws {
        self.init(
            configuration: try S3Configuration(environment: environment),
            credentials: AWSCredentialChain(environment: environment, httpClient: httpClient), httpClient: httpClient,
            logger: logger)
    }

    var signing: AWSSigningContext {
        AWSSigningContext(credentials: credentials, service: "s3", region: configuration.region)
    }

    // MARK: - Objects

    /// Uploads an object: one PutObject up to ``S3Configuration/multipartThreshold``, a multipart upload above
    /// it (aborted if any step fails; the original error is rethrown).
    ///
    /// The SHA-256 of the bytes is computed first, signed as the payload hash, stored as `x-amz-meta-sha256`
    /// and returned.
    /// - Throws: ``AWSError``; code `PreconditionFailed` (HTTP 412) when `options.ifNoneMatch` is set and the
    ///   key exists.
    package func putObject(bucket: String, key: String, source: S3UploadSource, options: S3PutOptions = S3PutOptions())
        async throws -> S3PutResult
    {
        switch source {
        case .bytes(let bytes):
            let sha256 = SHA256.hash(data: bytes).hexEncoded
            if bytes.count > configuration.multipartThreshold {
                return try await uploadMultipart(
                    bucket: bucket, key: key, size: Int64(bytes.count), sha256: sha256, options: options
                ) { offset, length in ByteBuffer(bytes: bytes[Int(offset)..<Int(offset) + length]) }
            }
            return try await putSingle(
                bucket: bucket, key: key, body: .bytes(ByteBuffer(bytes: bytes)), payloadHash: sha256,
                size: Int64(bytes.count), options: options)
        case .file(let path):
            let file = try LocalFile(path: path)
            let size = try file.size()
            var hasher = SHA256()
            var offset: Int64 = 0
            while offset < size {
                let chunk = try file.read(offset: offset, length: Int(min(Int64(1 << 20), size - offset)))
                chunk.withUnsafeReadableBytes { hasher.update(bufferPointer: $0) }
                offset += Int64(chunk.readableBytes)
            }
            let sha256 = hasher.finalize().hexEncoded
            if size > Int64(configuration.multipartThreshold) {
                return try await uploadMultipart(bucket: bucket, key: key, size: size, sha256: sha256, options: options) {
                    offset, length in try file.read(offset: offset, length: length)
                }
            }
            return try await putSingle(
                bucket: bucket, key: key, body: .file(path: path, offset: 0, length: size), payloadHash: sha256,
                size: size, options: options)
        }
    }

    private func putSingle(
        bucket: String, key: String, body: AWSRequestBody, payloadHash: String, size: Int64, options: S3PutOptions
    ) async throws -> S3PutResult {
        var headers = writeHeaders(options, sha256: payloadHash)
        if options.ifNoneMatch { headers.append(("If-None-Match", "*")) }
        let request = try makeRequest(
            .PUT, bucket: bucket, key: key, headers: headers, body: body, payloadHash: payloadHash)
        let response = try await transport.execute(request, signing: signing, operation: "PutObject", logger: logger)
        return S3PutResult(
            etag: response.headers.first(name: "etag"), versionID: response.headers.first(name: "x-amz-version-id"),
            size: size, sha256: payloadHash)
    }

    /// Reads an object (or the bytes in `range`) into memory.
    ///
    /// - Throws: ``AWSError`` with code `NoSuchKey` when the key does not exist.
    package func getObject(bucket: String, key: String, range: Range<Int64>? = nil, expectedBucketOwner: String? = nil)
        async throws -> [UInt8]
    {
        var bytes: [UInt8] = []
        _ = try await streamObject(bucket: bucket, key: key, range: range, expectedBucketOwner: expectedBucketOwner) {
            bytes += $0.readableBytesView
        }
        return bytes
    }

    /// Streams an object (or the bytes in `range`) to `chunk`, in order, and returns its metadata.
    ///
    /// A range that starts beyond the end of the object yields no bytes.
    package func streamObject(
        bucket: String, key: String, range: Range<Int64>? = nil, expectedBucketOwner: String? = nil,
        chunk: (ByteBuffer) async throws -> Void
    ) async throws -> S3ObjectMetadata {
        var headers: [(String, String)] = []
        if let expectedBucketOwner { headers.append(("x-amz-expected-bucket-owner", expectedBucketOwner)) }
        if let range {
            if range.isEmpty {
                guard let metadata = try await headObject(bucket: bucket, key: key, expectedBucketOwner: expectedBucketOwner)
                else { throw AWSError(.noSuchKey, "The specified key does not exist.", httpStatus: 404, operation: "GetObject") }
                return metadata
            }
            headers.append(("Range", "bytes=\(range.lowerBound)-\(range.upperBound - 1)"))
        }
        let request = try makeRequest(.GET, bucket: bucket, key: key, headers: headers)
        do {
            return try await transport.stream(request, signing: signing, operation: "GetObject", logger: logger) {
                response in
                for try await buffer in response.body { try await chunk(buffer) }
                return S3ObjectMetadata(key: key, headers: response.headers)
            }
        } catch let error as AWSError where error.code == .invalidRange {
            guard let metadata = try await headObject(bucket: bucket, key: key, expectedBucketOwner: expectedBucketOwner)
            else { throw error }
            return metadata
        }
    }

    /// Streams an object to `chunk` as byte arrays, in order, and returns its metadata.
    package func streamObjectBytes(
        bucket: String, key: String, range: Range<Int64>? = nil, expectedBucketOwner: String? = nil,
        chunk: ([UInt8]) async throws -> Void
    ) async throws -> S3ObjectMetadata {
        try await streamObject(bucket: bucket, key: key, range: range, expectedBucketOwner: expectedBucketOwner) {
            try await chunk(Array($0.readableBytesView))
        }
    }

    /// An object's metadata, or nil when the key does not exist.
    package func headObject(bucket: String, key: String, expectedBucketOwner: String? = nil) async throws
        -> S3ObjectMetadata?
    {
        let headers = expectedBucketOwner.map { [("x-amz-expected-bucket-owner", $0)] } ?? []
        let request = try makeRequest(.HEAD, bucket: bucket, key: key, headers: headers)
        do {
            let response = try await transport.execute(
                request, signing: signing, operation: "HeadObject", logger: logger)
            return S3ObjectMetadata(key: key, headers: response.headers)
        } catch let error as AWSError where error.httpStatus == 404 && error.code != .noSuchBucket {
            return nil
        }
    }

    /// Deletes an object (no error if it does not exist).
    package func deleteObject(bucket: String, key: String, expectedBucketOwner: String? = nil) async throws {
        let headers = expectedBucketOwner.map { [("x-amz-expected-bucket-owner", $0)] } ?? []
        let request = try makeRequest(.DELETE, bucket: bucket, key: key, headers: headers)
        _ = try await transport.execute(request, signing: signing, operation: "DeleteObject", logger: logger)
    }

    /// Creates a bucket in the client's region (local stacks and tests). An existing bucket owned by the caller
    /// is not an error.
    package func createBucket(_ bucket: String) async throws {
        var body = ByteBuffer()
        if configuration.region != "us-east-1" {
            body = ByteBuffer(
                string: "<CreateBucketConfiguration xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">"
                    + "<LocationConstraint>\(configuration.region)</LocationConstraint></CreateBucketConfiguration>")
        }
        let request = try makeRequest(.PUT, bucket: bucket, key: nil, body: body.readableBytes == 0 ? .empty : .bytes(body))
        do {
            _ = try await transport.execute(request, signing: signing, operation: "CreateBucket", logger: logger)
        } catch let error as AWSError where error.code == .bucketAlreadyOwnedByYou {
            return
        }
    }

    /// A presigned URL for `method` on an object, valid for `expires` (at most 7 days).
    ///
    /// The URL carries a signature: treat it as a secret, never log it.
    package func presignedURL(
        method: HTTPMethod = .GET, bucket: String, key: String, expires: Duration, date: Date = Date()
    ) async throws -> String {
        let request = try makeRequest(method, bucket: bucket, key: key)
        let signer = SigV4Signer(
            credentials: try await credentials.credentials(logger: logger), service: "s3", region: configuration.region)
        return signer.presignedURL(
            method: method.rawValue, scheme: request.scheme, host: request.host, encodedPath: request.encodedPath,
            expires: Int(min(max(expires.components.seconds, 1), 604_800)), date: date)
    }

    // MARK: - Requests

    /// Headers of a write: content type, SSE, expected owner, user metadata (with the SHA-256).
    func writeHeaders(_ options: S3PutOptions, sha256: String?) -> [(String, String)] {
        var headers: [(String, String)] = []
        if let contentType = options.contentType { headers.append(("Content-Type", contentType)) }
        if let sse = options.serverSideEncryption { headers += sse.headers }
        if let owner = options.expectedBucketOwner { headers.append(("x-amz-expected-bucket-owner", owner)) }
        var metadata = options.metadata
        if let sha256 { metadata["sha256"] = sha256 }
        for (name, value) in metadata.sorted(by: { $0.key < $1.key }) {
            headers.append(("x-amz-meta-\(name.lowercased())", value))
        }
        return headers
    }

    /// A request to `bucket`/`key`, virtual-hosted or path-style per the configuration.
    func makeRequest(
        _ method: HTTPMethod, bucket: String, key: String?, query: [(String, String)] = [],
        headers: [(String, String)] = [], body: AWSRequestBody = .empty, payloadHash: String? = nil
    ) throws -> AWSRequest {
        guard !bucket.isEmpty, !bucket.contains("/") else {
            throw AWSError(.invalidConfiguration, "invalid bucket name '\(bucket.prefix(100))'")
        }
        let endpoint = configuration.endpoint
            ?? AWSEndpoint(scheme: "https", hostname: "s3.\(configuration.region).amazonaws.com")
        let keyPath = key.map { "/" + AWSURIEncoding.encodePath($0) } ?? "/"
        if usesVirtualHost(bucket: bucket, endpoint: endpoint) {
            return AWSRequest(
                method: method, scheme: endpoint.scheme, host: endpoint.host(prefix: bucket),
                encodedPath: endpoint.basePath + keyPath, query: query, headers: headers, body: body,
                payloadHash: payloadHash)
        }
        let path = endpoint.basePath + "/" + AWSURIEncoding.encode(bucket) + (key == nil ? "" : keyPath)
        return AWSRequest(
            method: method, scheme: endpoint.scheme, host: endpoint.hostHeader, encodedPath: path, query: query,
            headers: headers, body: body, payloadHash: payloadHash)
    }

    private func usesVirtualHost(bucket: String, endpoint: AWSEndpoint) -> Bool {
        if configuration.forcePathStyle { return false }
        let host = endpoint.hostname
        let isAddress = host.contains(":") || host.split(separator: ".").allSatisfy { Int($0) != nil }
        if isAddress || host == "localhost" { return false }
        let dnsCompatible = (3...63).contains(bucket.count)
            && bucket.allSatisfy { $0.isLowercase || $0.isNumber || $0 == "-" || $0 == "." }
        if !dnsCompatible { return false }
        return !(endpoint.scheme == "https" && bucket.contains("."))
    }
}
