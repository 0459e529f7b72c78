import PipelineRuntime
import SFTP

/// Configuration of sftp-ingest.
///
/// ## Configuration keys
/// - `SFTP_HOST`, `SFTP_PORT`, `SFTP_USER`, `SFTP_PRIVATE_KEY_FILE` or `SFTP_PRIVATE_KEY` (+ `_SECRET_ID`),
///   `SFTP_PRIVATE_KEY_PASSPHRASE` (+ `_FILE`, `_SECRET_ID`), `SFTP_PASSWORD` (+ `_FILE`, `_SECRET_ID`),
///   `SFTP_KNOWN_HOSTS_FILE`, `SFTP_HOST_KEY_FINGERPRINT`,
///   `SFTP_INSECURE_SKIP_HOST_KEY_CHECK`, `SFTP_TIMEOUT_SECONDS`: the connection (see ``SFTPConfiguration``).
/// - `SFTP_REMOTE_DIR` (required): the directory the Trust drops files into.
/// - `SFTP_FILE_PATTERN` (default `{YYYYMMDD}_appointments.csv`): file name per business date.
/// - `SFTP_STABILITY_SECONDS` (default `2`): a file is taken only when its size and mtime are unchanged across
///   two stats this far apart (0 disables the second stat).
/// - `SFTP_MINIMUM_AGE_SECONDS` (default `0`): and only when its mtime is at least this old.
package struct SFTPIngestConfiguration: Sendable {
    /// The connection.
    package var sftp: SFTPConfiguration
    /// The drop directory.
    package var remoteDirectory: String
    /// The file-name pattern.
    package var fileName: AppointmentFileName
    /// Seconds between the two stability stats.
    package var stabilitySeconds: Int
    /// Minimum file age in seconds.
    package var minimumAgeSeconds: Int

    /// Creates a configuration directly (tests).
    package init(
        sftp: SFTPConfiguration, remoteDirectory: String, fileName: AppointmentFileName, stabilitySeconds: Int = 2,
        minimumAgeSeconds: Int = 0
    ) {
        self.sftp = sftp
        self.remoteDirectory = remoteDirectory
        self.fileName = fileName
        self.stabilitySeconds = stabilitySeconds
        self.minimumAgeSeconds = minimumAgeSeconds
    }

    /// Reads the keys listed on the type. `SFTP_PASSWORD_SECRET_ID`, `SFTP_PRIVATE_KEY_SECRET_ID` and
    /// `SFTP_PRIVATE_KEY_PASSPHRASE_SECRET_ID` are resolved through `secrets` (default: Secrets Manager).
    /// - Throws: ``StageError`` (configuration) naming the variable at fault.
    package init(settings: Settings, secrets: (any SecretStore)? = nil) async throws {
        var environment = settings.values
        for name in ["SFTP_PASSWORD", "SFTP_PRIVATE_KEY", "SFTP_PRIVATE_KEY_PASSPHRASE"]
        where settings.string(name + "_SECRET_ID") != nil {
            guard let value = try await settings.secret(name, store: secrets) else {
                throw StageError.configuration("\(name)_SECRET_ID could not be resolved")
            }
            environment[name] = value.text
            environment[name + "_SECRET_ID"] = nil
        }
        do {
            sftp = try SFTPConfiguration(environment: environment)
        } catch let error as SSHError {
            throw StageError.configuration(error.message, code: error.code.rawValue)
        }
        var directory = try settings.required("SFTP_REMOTE_DIR")
        while directory.count > 1, directory.hasSuffix("/") { directory.removeLast() }
        remoteDirectory = directory
        fileName = try AppointmentFileName(pattern: settings.string("SFTP_FILE_PATTERN", default: "{YYYYMMDD}_appointments.csv"))
        stabilitySeconds = try settings.int("SFTP_STABILITY_SECONDS", default: 2, range: 0...600)
        minimumAgeSeconds = try settings.int("SFTP_MINIMUM_AGE_SECONDS", default: 0, range: 0...86_400)
    }

    /// The remote path of `name` in the drop directory.
    package func remotePath(_ name: String) -> String {
        remoteDirectory == "/" ? "/" + name : remoteDirectory + "/" + name
    }
}
