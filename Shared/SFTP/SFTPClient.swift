import Foundation
import Logging
import NIOPosix

/// An SFTP connection with an async API. Every libssh call runs on the client's own thread, never on the
/// Swift cooperative pool.
///
/// Host-key verification is on by default (see ``SFTPConfiguration/HostKeyPolicy``). Use
/// ``withClient(configuration:logger:_:)`` so the connection is always closed, or call ``close()`` yourself.
///
/// ```swift
/// try await SFTPClient.withClient(configuration: configuration, logger: logger) { client in
///     for entry in try await client.list(directory: "/drop") where entry.isRegularFile { … }
/// }
/// ```
package final class SFTPClient: Sendable {
    /// The configuration the client connected with.
    package let configuration: SFTPConfiguration
    private let thread: NIOThreadPool
    private let connection: ConnectionBox
    private let logger: Logger

    private init(configuration: SFTPConfiguration, thread: NIOThreadPool, connection: ConnectionBox, logger: Logger) {
        self.configuration = configuration
        self.thread = thread
        self.connection = connection
        self.logger = logger
    }

    /// Connects, verifies the host key and authenticates.
    ///
    /// - Throws: ``SSHError`` (`hostKeyUnknown`, `hostKeyMismatch`, `authenticationFailed`, `connectionFailed`, …).
    package static func connect(configuration: SFTPConfiguration, logger: Logger) async throws -> SFTPClient {
        let thread = NIOThreadPool(numberOfThreads: 1)
        thread.start()
        do {
            let box = try await openWithRetry(configuration, thread: thread, logger: logger)
            logger.debug(
                "SFTP connected",
                metadata: ["sftp.host": "\(configuration.host)", "sftp.port": "\(configuration.port)"])
            return SFTPClient(configuration: configuration, thread: thread, connection: box, logger: logger)
        } catch {
            try? await thread.shutdownGracefully()
            throw error
        }
    }

    /// Opens the connection, retrying only transport failures before any key exchange (`connectionFailed`: refused,
    /// reset — e.g. sshd's `MaxStartups` shedding load) up to ``SFTPConfiguration/connectAttempts`` times with a
    /// short doubling back-off. Host-key and authentication failures are never retried.
    private static func openWithRetry(
        _ configuration: SFTPConfiguration, thread: NIOThreadPool, logger: Logger
    ) async throws -> ConnectionBox {
        var attempt = 1
        var delay = Duration.milliseconds(200)
        while true {
            do {
                return try await thread.runIfActive { ConnectionBox(try SSHConnection.open(configuration, logger: logger)) }
            } catch let error as SSHError where error.code == .connectionFailed && attempt < configuration.connectAttempts {
                logger.warning(
                    "SFTP connection attempt \(attempt) failed; retrying",
                    metadata: ["event": "sftp_connect_retry", "error.code": "\(error.code)", "error": "\(error)"])
                try await Task.sleep(for: delay)
                attempt += 1
                delay *= 2
            }
        }
    }

    /// Connects, runs `body`, and closes the connection whether `body` succeeds or throws.
    package static func withClient<Result: Sendable>(
        configuration: SFTPConfiguration, logger: Logger, _ body: (SFTPClient) async throws -> Result
    ) async throws -> Result {
        let client = try await connect(configuration: configuration, logger: logger)
        do {
            let result = try await body(client)
            await client.close()
            return result
        } catch {
            await client.close()
            throw error
        }
    }

    /// Disconnects and stops the client's thread. Safe to call more than once.
    package func close() async {
        let box = connection
        _ = try? await thread.runIfActive { box.value.close() }
        try? await thread.shutdownGracefully()
    }

    /// Runs `body` with the connection on the client's thread.
    func perform<Result: Sendable>(_ body: @escaping @Sendable (SSHConnection) throws -> Result) async throws -> Result {
        let box = connection
        do {
            return try await thread.runIfActive { try body(box.value) }
        } catch let error as SSHError {
            throw error
        } catch {
            throw SSHError(.closed, "the SFTP client for \(configuration.host) is closed")
        }
    }

    /// The entries of `directory` (without `.` and `..`), sorted by name.
    ///
    /// The corresponding C functions are `sftp_opendir` and `sftp_readdir`.
    package func list(directory: String) async throws -> [SFTPEntry] {
        try await perform { try $0.list(directory: directory) }
    }

    /// Attributes of `path` (following symlinks). The corresponding C function is `sftp_stat`.
    /// - Throws: ``SSHError`` ``SSHError/Code/noSuchFile`` when it does not exist.
    package func stat(path: String) async throws -> SFTPEntry {
        try await perform { try $0.stat(path: path) }
    }

    /// `stat(path:)`, or nil when the path does not exist.
    package func statIfExists(path: String) async throws -> SFTPEntry? {
        do {
            return try await stat(path: path)
        } catch let error as SSHError where error.code == .noSuchFile {
            return nil
        }
    }

    /// Streams the file at `path` from byte `offset` to `consume` in order, in pieces of at most
    /// `chunkSize × window` bytes.
    ///
    /// Up to `window` read requests are in flight at once (pipelined); memory is bounded by one piece. A
    /// non-zero `offset` resumes a transfer that an earlier connection lost. The corresponding C functions are
    /// `sftp_open`, `sftp_seek64`, `sftp_async_read_begin`, `sftp_async_read` and `sftp_close`.
    /// - Returns: the number of bytes read.
    package func read(
        path: String, from offset: Int64 = 0, chunkSize: Int = 32 * 1024, window: Int = 16,
        _ consume: ([UInt8]) async throws -> Void
    ) async throws -> Int64 {
        precondition(chunkSize > 0 && window > 0 && offset >= 0, "chunkSize and window must be positive, offset not negative")
        let handle = try await perform {
            ReadHandleBox(try $0.openForReading(path: path, offset: offset, chunkSize: chunkSize, window: window))
        }
        var total: Int64 = 0
        do {
            while true {
                let batch = try await perform { _ in try handle.value.nextBatch() }
                if batch.isEmpty { break }
                total += Int64(batch.count)
                try await consume(batch)
            }
        } catch {
            _ = try? await perform { _ in handle.value.close() }
            throw error
        }
        try await perform { _ in handle.value.close() }
        return total
    }

    /// Reads the whole file into memory; for small files (e.g. tests). Prefer ``read(path:chunkSize:window:_:)``.
    package func readAll(path: String) async throws -> [UInt8] {
        var bytes: [UInt8] = []
        _ = try await read(path: path) { bytes.append(contentsOf: $0) }
        return bytes
    }

    /// Creates the directory `path`. The corresponding C function is `sftp_mkdir`.
    package func makeDirectory(path: String, permissions: Int = 0o750) async throws {
        try await perform { try $0.makeDirectory(path: path, permissions: mode_t(permissions)) }
    }

    /// Removes the file `path`. The corresponding C function is `sftp_unlink`.
    package func remove(path: String) async throws {
        try await perform { try $0.remove(path: path) }
    }

    /// Removes the empty directory `path`. The corresponding C function is `sftp_rmdir`.
    package func removeDirectory(path: String) async throws {
        try await perform { try $0.removeDirectory(path: path) }
    }

    /// Renames `from` to `to`; fails with ``SSHError/Code/alreadyExists`` or
    /// ``SSHError/Code/operationFailed`` if `to` exists (SFTP v3). The corresponding C function is `sftp_rename`.
    package func rename(from: String, to: String) async throws {
        try await perform { try $0.rename(from: from, to: to) }
    }
}

/// Carries the connection into the client's thread.
///
/// `@unchecked Sendable`: the connection is only ever used inside `SFTPClient.perform`, i.e. on the client's
/// single-threaded `NIOThreadPool`, so its C handles are never touched by two threads.
final class ConnectionBox: @unchecked Sendable {
    let value: SSHConnection
    init(_ value: SSHConnection) { self.value = value }
}

/// Carries an open remote file into the client's thread; same invariant as ``ConnectionBox``.
final class ReadHandleBox: @unchecked Sendable {
    let value: SFTPReadHandle
    init(_ value: SFTPReadHandle) { self.value = value }
}
