import Foundation

/// A parsed store URL: `file:///path`, `file://./relative`, a bare path, or `s3://bucket/prefix`.
package enum ObjectStoreLocation: Sendable, Hashable {
    case fileSystem(root: String)
    case s3(bucket: String, prefix: String)

    /// Parses `LAKE_URL`-style values.
    ///
    /// - Throws: ``ObjectStoreError`` with code `invalidConfiguration` naming the problem (never the value
    ///   of a credential: URLs here carry none).
    package init(parsing text: String) throws {
        if text.hasPrefix("s3://") {
            let rest = text.dropFirst(5)
            let bucket = String(rest.prefix { $0 != "/" })
            var prefix = String(rest.dropFirst(bucket.count)).trimmingCharacters(in: CharacterSet(charactersIn: "/"))
            guard (3...63).contains(bucket.count),
                bucket.allSatisfy({ $0.isLowercase || $0.isNumber || $0 == "-" || $0 == "." })
            else { throw ObjectStoreError(.invalidConfiguration, "invalid S3 bucket name in '\(text.prefix(100))'") }
            if !prefix.isEmpty { prefix += "/" }
            self = .s3(bucket: bucket, prefix: prefix)
        } else if text.hasPrefix("file://") {
            let path = String(text.dropFirst(7))
            guard !path.isEmpty else { throw ObjectStoreError(.invalidConfiguration, "file:// URL has no path") }
            self = .fileSystem(root: path)
        } else if text.contains("://") {
            throw ObjectStoreError(.invalidConfiguration, "unsupported store URL scheme in '\(text.prefix(100))' (use file:// or s3://)")
        } else {
            guard !text.isEmpty else { throw ObjectStoreError(.invalidConfiguration, "empty store URL") }
            self = .fileSystem(root: text)
        }
    }
}
