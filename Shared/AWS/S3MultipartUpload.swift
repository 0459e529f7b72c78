import Foundation

/// An in-progress multipart upload (ListMultipartUploads).
package struct S3MultipartUpload: Sendable, Hashable {
    package var key: String
    package var uploadID: String
    package var initiated: Date?

    package init(key: String, uploadID: String, initiated: Date? = nil) {
        self.key = key
        self.uploadID = uploadID
        self.initiated = initiated
    }
}
