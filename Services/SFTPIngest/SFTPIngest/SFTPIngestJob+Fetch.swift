import Crypto
import Foundation
import Logging
import ObjectStore
import PipelineRuntime
import SFTP

extension SFTPIngestJob {
    /// Checks the file is present and stable, then streams it to a local scratch file while hashing it.
    ///
    /// Memory is bounded by the SFTP read window (the file is never held whole).
    func fetch(name: String, remotePath: String, context: RunContext, logger: Logger) async throws -> FetchOutcome {
        try await withClient { client in
            guard let first = try await client.statIfExists(path: remotePath) else {
                return .notReady("not yet published: \(name) is not in \(configuration.remoteDirectory)")
            }
            guard first.isRegularFile else {
                throw StageError("source_not_a_file", "\(remotePath) exists but is not a regular file")
            }
            let age = clock.now().timeIntervalSince(first.mtime)
            if age < Double(configuration.minimumAgeSeconds) {
                return .notReady(
                    "still being written: \(name) was modified \(Int(age.rounded()))s ago "
                        + "(SFTP_MINIMUM_AGE_SECONDS=\(configuration.minimumAgeSeconds))")
            }
            if configuration.stabilitySeconds > 0 {
                try await clock.waitBetweenStats(seconds: configuration.stabilitySeconds, remotePath: remotePath)
                guard let second = try await client.statIfExists(path: remotePath) else {
                    return .notReady("still being written: \(name) disappeared between two stats")
                }
                guard second.size == first.size, second.mtime == first.mtime else {
                    return .notReady(
                        "still being written: \(name) changed size or mtime within "
                            + "\(configuration.stabilitySeconds)s (SFTP_STABILITY_SECONDS)")
                }
            }

            let localPath = context.temporaryPath("-" + name)
            guard FileManager.default.createFile(atPath: localPath, contents: nil),
                let output = FileHandle(forWritingAtPath: localPath)
            else {
                throw StageError("scratch_unwritable", "cannot create a scratch file for \(name)")
            }
            var hasher = SHA256()
            let stopwatch = ContinuousClock()
            let started = stopwatch.now
            let size: Int64
            do {
                size = try await client.read(path: remotePath) { piece in
                    hasher.update(data: piece)
                    try output.write(contentsOf: piece)
                }
                try output.synchronize()
                try output.close()
            } catch {
                try? output.close()
                try? FileManager.default.removeItem(atPath: localPath)
                throw error
            }
            let elapsed = stopwatch.now - started
            let sha256 = hasher.finalize().hexString

            // What landed must be the file that was judged stable: same size after the download as before.
            let after = try await client.statIfExists(path: remotePath)
            guard size == first.size, after?.size == first.size, after?.mtime == first.mtime else {
                try? FileManager.default.removeItem(atPath: localPath)
                throw StageError(
                    "source_changed_during_download",
                    "\(name) changed while it was being downloaded (\(first.size) bytes listed, \(size) received)")
            }
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
            context.setMetric("bytes_downloaded", Double(size))
            context.setMetric("download_seconds", seconds)
            logger.info(
                "downloaded \(name): \(size) bytes",
                metadata: ["event": "sftp_file_downloaded", "bytes": "\(size)", "sha256": "\(sha256)"])
            return .fetched(
                FetchedFile(name: name, remotePath: remotePath, localPath: localPath, size: size, sha256: sha256, mtime: first.mtime))
        }
    }
}
