import Foundation

/// Time as sftp-ingest sees it when judging whether a dropped file is complete: the current time (for
/// `SFTP_MINIMUM_AGE_SECONDS`) and the wait between the two stability stats. Injected so tests are deterministic.
package protocol FileStabilityClock: Sendable {
    /// The current time.
    func now() -> Date
    /// Waits `seconds` before the second stat of `remotePath`.
    func waitBetweenStats(seconds: Int, remotePath: String) async throws
}

/// The real clock: `Date()` and `Task.sleep`.
package struct SystemFileStabilityClock: FileStabilityClock {
    /// Creates the clock.
    package init() {}

    package func now() -> Date { Date() }

    package func waitBetweenStats(seconds: Int, remotePath: String) async throws {
        try await Task.sleep(for: .seconds(seconds))
    }
}
