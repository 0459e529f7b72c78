import ArgumentParser
import PipelineRuntime
import SFTPIngest

@main
struct SFTPIngestCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sftp-ingest",
        abstract: "Fetch the daily appointment CSV from the Trust's SFTP drop into Bronze (raw, typed, rejects).",
        subcommands: [Run.self, StatusCommand.self], defaultSubcommand: Run.self)

    struct Run: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Ingest the appointment file of each business date (resume: every newer file in the drop).")

        @OptionGroup var options: StageOptions
        @Option(name: .customLong("sftp-host"), help: "SFTP_HOST: drop server host.") var host: String?
        @Option(name: .customLong("sftp-port"), help: "SFTP_PORT: drop server port (default 22).") var port: String?
        @Option(name: .customLong("sftp-user"), help: "SFTP_USER: login user.") var user: String?
        @Option(name: .customLong("sftp-private-key-file"), help: "SFTP_PRIVATE_KEY_FILE: OpenSSH private key (ed25519/RSA).")
        var privateKeyFile: String?
        @Option(name: .customLong("sftp-known-hosts-file"), help: "SFTP_KNOWN_HOSTS_FILE: known_hosts with the server's key.")
        var knownHostsFile: String?
        @Option(name: .customLong("sftp-host-key-fingerprint"), help: "SFTP_HOST_KEY_FINGERPRINT: pinned SHA256:… host key.")
        var fingerprint: String?
        @Option(name: .customLong("sftp-remote-dir"), help: "SFTP_REMOTE_DIR: directory the files are dropped into.")
        var remoteDirectory: String?
        @Option(name: .customLong("sftp-file-pattern"), help: "SFTP_FILE_PATTERN: default {YYYYMMDD}_appointments.csv.")
        var filePattern: String?
        @Option(name: .customLong("sftp-stability-seconds"), help: "SFTP_STABILITY_SECONDS: default 2.")
        var stabilitySeconds: String?
        @Option(name: .customLong("sftp-minimum-age-seconds"), help: "SFTP_MINIMUM_AGE_SECONDS: default 0.")
        var minimumAgeSeconds: String?

        func run() async throws {
            let overrides = [
                "SFTP_HOST": host, "SFTP_PORT": port, "SFTP_USER": user, "SFTP_PRIVATE_KEY_FILE": privateKeyFile,
                "SFTP_KNOWN_HOSTS_FILE": knownHostsFile, "SFTP_HOST_KEY_FINGERPRINT": fingerprint,
                "SFTP_REMOTE_DIR": remoteDirectory, "SFTP_FILE_PATTERN": filePattern,
                "SFTP_STABILITY_SECONDS": stabilitySeconds, "SFTP_MINIMUM_AGE_SECONDS": minimumAgeSeconds,
            ].compactMapValues { $0 }
            await StageEntryPoint.run(stage: .sftpIngest, options: options, overrides: overrides) { settings, logger in
                SFTPIngestJob(configuration: try await SFTPIngestConfiguration(settings: settings), logger: logger)
            }
        }
    }
}
