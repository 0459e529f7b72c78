import Foundation
import Logging
import ObjectStore

/// Opens the object store named by a URL setting (`LAKE_URL`, `EXPORT_URL`).
package enum LakeConnection {
    /// The lake used when `LAKE_URL` is unset.
    package static let defaultLakeURL = "file://./lake"

    /// - Throws: ``StageError`` (configuration) for a malformed URL or unusable store settings.
    package static func open(url: String, settings: Settings, logger: Logger, kmsKeyVariable: String = "LAKE_KMS_KEY_ID") throws -> any ObjectStore {
        do {
            return try ObjectStoreFactory.make(url: url, environment: settings.values, kmsKeyVariable: kmsKeyVariable, logger: logger)
        } catch let error as ObjectStoreError {
            throw StageError.configuration("cannot open store '\(url.prefix(200))': \(error.message)")
        }
    }

    /// The lake from `LAKE_URL`.
    package static func lake(settings: Settings, logger: Logger) throws -> any ObjectStore {
        try open(url: settings.string("LAKE_URL", default: defaultLakeURL), settings: settings, logger: logger)
    }
}
