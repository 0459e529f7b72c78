import Foundation

/// An object in a listing.
package struct S3ObjectSummary: Sendable, Hashable {
    package var key: String
    package var size: Int64
    package var etag: String?
    package var lastModified: Date?
    package var storageClass: String?

    package init(key: String, size: Int64, etag: String? = nil, lastModified: Date? = nil, storageClass: String? = nil) {
        self.key = key
        self.size = size
        self.etag = etag
        self.lastModified = lastModified
        self.storageClass = storageClass
    }
}
