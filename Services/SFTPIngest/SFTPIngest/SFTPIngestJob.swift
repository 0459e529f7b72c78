import Foundation
import Logging
import PipelineContracts
import PipelineRuntime
import SFTP

/// sftp-ingest (issue #7): fetch the appointment file for a business date from the SFTP drop, fingerprint
/// exactly what landed, and write it to Bronze unchanged (`raw`), typed (`appointments`) and its malformed rows
/// (`rejects`).
///
/// Completeness: a date is attempted only once its file is present and stable. Resume takes every date with a
/// file newer than the latest succeeded date, in order.
package struct SFTPIngestJob: StageJob {
    package let configuration: SFTPIngestConfiguration
    let logger: Logger
    let clock: any FileStabilityClock

    package var stage: StageName { .sftpIngest }
    /// The only scope: `appointments`.
    package static let scope = PipelineGraph.appointmentsIngest.scope

    /// Creates the job. Nothing connects until a run or resume needs the server.
    package init(
        configuration: SFTPIngestConfiguration, logger: Logger, clock: any FileStabilityClock = SystemFileStabilityClock()
    ) {
        self.configuration = configuration
        self.logger = logger
        self.clock = clock
        if case .insecureSkip = configuration.sftp.hostKeyPolicy {
            logger.warning(
                "SFTP host-key verification is disabled by SFTP_INSECURE_SKIP_HOST_KEY_CHECK=true",
                metadata: ["event": "sftp_host_key_check_disabled"])
        }
    }

    package func scopes(for date: BusinessDate) async throws -> [LakeName] { [Self.scope] }

    package func pendingWork(manifests: ManifestStore, logger: Logger) async throws -> [StageWorkItem] {
        let published = try await publishedDates()
        let latest = try await manifests.succeededDates(stage: stage, scope: Self.scope).last
        let pending = published.filter { date in latest.map { date > $0 } ?? true }
        logger.info(
            "resume: \(published.count) file(s) in the drop, \(pending.count) newer than the latest succeeded date",
            metadata: [
                "event": "resume_planned", "latest_succeeded": "\(latest.map(\.description) ?? "none")",
                "pending": "\(pending.map(\.description).joined(separator: ","))",
            ])
        return pending.map { StageWorkItem(scope: Self.scope, date: $0) }
    }

    /// The business dates that have a regular file following the pattern in the drop, ascending.
    package func publishedDates() async throws -> [BusinessDate] {
        try await withClient { client in
            let entries = try await client.list(directory: configuration.remoteDirectory)
            return entries.filter(\.isRegularFile).compactMap { configuration.fileName.date(of: $0.name) }.sorted()
        }
    }

    package func run(context: RunContext) async throws -> StageOutcome {
        let name = configuration.fileName.name(for: context.businessDate)
        let remotePath = configuration.remotePath(name)
        var log = context.logger
        log[metadataKey: "sftp.path"] = "\(remotePath)"
        let fetched: FetchedFile
        switch try await fetch(name: name, remotePath: remotePath, context: context, logger: log) {
        case .notReady(let reason):
            log.info("file not taken: \(reason)", metadata: ["event": "sftp_file_not_ready"])
            return .skipped(reason: reason)
        case .fetched(let file):
            fetched = file
        }
        defer { try? FileManager.default.removeItem(atPath: fetched.localPath) }
        try await BronzeAppointmentsWriter(context: context, logger: log).write(fetched)
        return .succeeded
    }

    /// Connects, runs `body`, always disconnects; SSH failures become ``StageError``s with their SSH code.
    func withClient<Result: Sendable>(_ body: (SFTPClient) async throws -> Result) async throws -> Result {
        do {
            return try await SFTPClient.withClient(configuration: configuration.sftp, logger: logger, body)
        } catch let error as SSHError {
            throw StageErrorFactory.source(error)
        }
    }
}
