/// Options for a write (PutObject, multipart upload, CopyObject).
package struct S3PutOptions: Sendable, Hashable {
    package var contentType: String?
    /// `If-None-Match: *`: fail with HTTP 412 (`PreconditionFailed`) if the key exists.
    package var ifNoneMatch: Bool
    /// Sent on every write request (PutObject, CreateMultipartUpload, CopyObject).
    package var serverSideEncryption: S3ServerSideEncryption?
    /// `x-amz-expected-bucket-owner`: the destination bucket's account id.
    package var expectedBucketOwner: String?
    /// User metadata (`x-amz-meta-<name>`). The client adds `sha256` itself.
    package var metadata: [String: String]

    package init(
        contentType: String? = nil, ifNoneMatch: Bool = false, serverSideEncryption: S3ServerSideEncryption? = nil,
        expectedBucketOwner: String? = nil, metadata: [String: String] = [:]
    ) {
        self.contentType = contentType
        self.ifNoneMatch = ifNoneMatch
        self.serverSideEncryption = serverSideEncryption
        self.expectedBucketOwner = expectedBucketOwner
        self.metadata = metadata
    }
}
