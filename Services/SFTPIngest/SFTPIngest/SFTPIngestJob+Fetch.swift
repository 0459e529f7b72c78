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
            let after: SFTPEntry?
            do {
                (size, after) = try await downloadResuming(remotePath, through: client, logger: logger) { piece in
                    hasher.update(data: piece)
                    try output.write(contentsOf: piece)
                }
                try output.close()
            } catch {
                try? output.close()
                try? FileManager.default.removeItem(atPath: localPath)
                throw error
            }
            let elapsed = stopwatch.now - started
            let sha256 = hasher.finalize().hexString

            // What landed must be the file that was judged stable: same size after the download as before.
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

    /// Reads `remotePath` through `client`; when the connection drops mid-transfer, reconnects (at most
    /// `SFTP_CONNECT_ATTEMPTS` connections in all, with backoff) and continues from the byte reached, so
    /// `consume` sees the bytes of one uninterrupted read. Returns the bytes read and the file's attributes
    /// after the read (from whichever connection finished it).
    func downloadResuming(
        _ remotePath: String, through client: SFTPClient, logger: Logger, _ consume: ([UInt8]) throws -> Void
    ) async throws -> (size: Int64, after: SFTPEntry?) {
        var received: Int64 = 0
        var connection = client
        var reconnected: SFTPClient?
        var attempt = 1
        var delay = Duration.milliseconds(250)
        while true {
            do {
                _ = try await connection.read(path: remotePath, from: received) { piece in
                    try consume(piece)
                    received += Int64(piece.count)
                }
                let after = try await connection.statIfExists(path: remotePath)
                await reconnected?.close()
                return (received, after)
            } catch let error as SSHError
                where (error.code == .connectionLost || error.code == .closed) && attempt < configuration.sftp.connectAttempts
            {
                await reconnected?.close()
                reconnected = nil
                logger.warning(
                    "SFTP connection lost after \(received) bytes of \(remotePath); reconnecting to resume",
                    metadata: ["event": "sftp_transfer_resumed", "bytes.received": "\(received)", "attempt": "\(attempt)", "error": "\(error)"])
                try await Task.sleep(for: delay)
                delay *= 2
                attempt += 1
                do {
                    let fresh = try await SFTPClient.connect(configuration: configuration.sftp, logger: logger)
                    reconnected = fresh
                    connection = fresh
                } catch let failure as SSHError where failure.code == .connectionFailed {
                    // Keep the lost connection as the current one: the next read fails fast and counts an attempt.
                    continue
                }
            } catch {
                await reconnected?.close()
                throw error
            }
        }
    }
}
