import Logging

/// Opens a store from a URL (`file://…`, a path, or `s3://bucket/prefix`).
///
/// Interim version written by the lead so dependents compile: the AWS owner extends it with S3.
package enum ObjectStoreFactory {
    package static func make(url: String, environment: [String: String], logger: Logger, kmsKeyVariable: String = "LAKE_KMS_KEY_ID") throws -> any ObjectStore {
        switch try ObjectStoreLocation(parsing: url) {
        case .fileSystem(let root):
            return try FileSystemObjectStore(root: root)
        case .s3:
            throw ObjectStoreError(.invalidConfiguration, "S3 stores are not available in this build yet")
        }
    }
}
