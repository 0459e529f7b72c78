/// What a write stored.
package struct S3PutResult: Sendable, Hashable {
    /// The ETag, quoted as S3 returns it.
    package var etag: String?
    package var versionID: String?
    package var size: Int64
    /// Lower-case hex SHA-256 of the object's bytes (also stored as `x-amz-meta-sha256`).
    package var sha256: String?

    package init(etag: String?, versionID: String?, size: Int64, sha256: String?) {
        self.etag = etag
        self.versionID = versionID
        self.size = size
        self.sha256 = sha256
    }
}
