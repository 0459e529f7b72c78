import Foundation
import PipelineRuntime

/// Where the simulator publishes, read from ``Settings`` (environment variables, overridden by flags).
///
/// ## Configuration keys
/// - `TRUST_SIM_EHR_DATABASE_URL` (fallback `EHR_DATABASE_URL`, each also `_FILE`): owner connection to `ehr`.
/// - `TRUST_SIM_URGENT_CARE_DATABASE_URL` (fallback `URGENT_CARE_DATABASE_URL`): owner connection to `urgent_care`.
/// - `TRUST_SIM_READER_ROLE` (default `pipeline_reader`): role granted SELECT on every source table.
/// - `SFTP_HOST`, `SFTP_PORT`, `SFTP_USER`, `SFTP_PRIVATE_KEY_FILE` / `SFTP_PASSWORD`, `SFTP_KNOWN_HOSTS_FILE`,
///   `SFTP_REMOTE_DIR` (default `/drop`): the appointment drop.
/// - `TRUST_BUCKET_URL`: `s3://bucket/prefix` (or `file://` for local runs) of the Trust's exports, with
///   `AWS_REGION`, `S3_ENDPOINT_URL`, `S3_FORCE_PATH_STYLE` and the AWS credential chain.
/// - `TRUST_SIM_SCRATCH_DIR` (default the system temporary folder): where slices are staged before publishing.
package struct TrustSimulatorConfiguration: Sendable {
    package var ehrDatabaseURL: String
    package var urgentCareDatabaseURL: String
    package var readerRole: String
    package var sftpEnvironment: [String: String]
    package var sftpRemoteDirectory: String
    package var trustBucketURL: String
    package var storeEnvironment: [String: String]
    package var scratchDirectory: String

    package init(
        ehrDatabaseURL: String, urgentCareDatabaseURL: String, readerRole: String = "pipeline_reader",
        sftpEnvironment: [String: String], sftpRemoteDirectory: String, trustBucketURL: String,
        storeEnvironment: [String: String], scratchDirectory: String = NSTemporaryDirectory()
    ) {
        self.ehrDatabaseURL = ehrDatabaseURL
        self.urgentCareDatabaseURL = urgentCareDatabaseURL
        self.readerRole = readerRole
        self.sftpEnvironment = sftpEnvironment
        self.sftpRemoteDirectory = sftpRemoteDirectory
        self.trustBucketURL = trustBucketURL
        self.storeEnvironment = storeEnvironment
        self.scratchDirectory = scratchDirectory
    }

    /// - Throws: ``StageError`` (configuration) naming the missing variable.
    package init(settings: Settings) async throws {
        func database(_ primary: String, _ fallback: String) async throws -> String {
            for name in [primary, fallback] {
                if let secret = try await settings.secret(name) { return secret.text }
            }
            throw StageError.configuration("\(primary) (or \(fallback)) is required but not set", code: "missing_configuration")
        }
        let role = settings.string("TRUST_SIM_READER_ROLE", default: "pipeline_reader")
        guard role.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }) else {
            throw StageError.configuration("TRUST_SIM_READER_ROLE must be a plain role name")
        }
        self.init(
            ehrDatabaseURL: try await database("TRUST_SIM_EHR_DATABASE_URL", "EHR_DATABASE_URL"),
            urgentCareDatabaseURL: try await database("TRUST_SIM_URGENT_CARE_DATABASE_URL", "URGENT_CARE_DATABASE_URL"),
            readerRole: role, sftpEnvironment: settings.values,
            sftpRemoteDirectory: settings.string("SFTP_REMOTE_DIR", default: "/drop"),
            trustBucketURL: try settings.required("TRUST_BUCKET_URL"), storeEnvironment: settings.values,
            scratchDirectory: settings.string("TRUST_SIM_SCRATCH_DIR", default: NSTemporaryDirectory()))
    }
}
