import Foundation
import NIOHTTP1

/// An object's metadata from HeadObject or GetObject.
package struct S3ObjectMetadata: Sendable, Hashable {
    package var key: String
    /// The whole object's size (also for a ranged GET).
    package var size: Int64
    package var etag: String?
    package var lastModified: Date?
    package var versionID: String?
    package var contentType: String?
    /// `AES256` or `aws:kms`.
    package var serverSideEncryption: String?
    package var kmsKeyID: String?
    /// User metadata (`x-amz-meta-*`), names lower-cased without the prefix.
    package var metadata: [String: String]

    package init(
        key: String, size: Int64, etag: String? = nil, lastModified: Date? = nil, versionID: String? = nil,
        contentType: String? = nil, serverSideEncryption: String? = nil, kmsKeyID: String? = nil,
        metadata: [String: String] = [:]
    ) {
        self.key = key
        self.size = size
        self.etag = etag
        self.lastModified = lastModified
        self.versionID = versionID
        self.contentType = contentType
        self.serverSideEncryption = serverSideEncryption
        self.kmsKeyID = kmsKeyID
        self.metadata = metadata
    }

    /// The SHA-256 this client stored with the object, if any.
    package var sha256: String? { metadata["sha256"] }

    init(key: String, headers: HTTPHeaders) {
        var size = Int64(headers.first(name: "content-length") ?? "") ?? 0
        if let range = headers.first(name: "content-range"), let slash = range.lastIndex(of: "/"),
            let total = Int64(range[range.index(after: slash)...])
        {
            size = total
        }
        var metadata: [String: String] = [:]
        for header in headers where header.name.lowercased().hasPrefix("x-amz-meta-") {
            metadata[String(header.name.lowercased().dropFirst(11))] = header.value
        }
        self.init(
            key: key, size: size, etag: headers.first(name: "etag"),
            lastModified: headers.first(name: "last-modified").flatMap(AWSTimestamp.parse),
            versionID: headers.first(name: "x-amz-version-id"), contentType: headers.first(name: "content-type"),
            serverSideEncryption: headers.first(name: "x-amz-server-side-encryption"),
            kmsKeyID: headers.first(name: "x-amz-server-side-encryption-aws-kms-key-id"), metadata: metadata)
    }
}
