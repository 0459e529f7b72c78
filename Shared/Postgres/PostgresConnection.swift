import CLibPQ
import Logging
import NIOPosix

/// One libpq connection (`PGconn`), used from Swift concurrency without blocking the cooperative pool.
///
/// Every libpq call runs on this connection's own single-thread `NIOThreadPool`, which executes submitted
/// work in order: calls are serialised and never occupy a cooperative-pool thread, even while a
/// `COPY` waits on the network. Close it with ``close()`` (or use ``withConnection(url:password:logger:_:)``);
/// `deinit` is the backstop.
///
/// Timeouts: `connect_timeout` defaults to 10 s and TCP keepalives (30 s idle, 3 × 10 s probes) plus
/// `tcp_user_timeout` (60 s) bound every network wait, unless the connection string sets them. Set
/// `statement_timeout` per session with ``execute(_:)`` for server-side limits.
///
/// A connection has one logical user at a time: a transaction or a `COPY` spans several calls, and another
/// task using the same connection meanwhile gets ``PostgresError/Code/connectionUnavailable``. Ownership is
/// tracked with a task-local value, so child tasks and `Task {}` created inside the operation count as its
/// owner (their calls join it); only unrelated (or detached) tasks are refused.
package final class PostgresConnection {
    /// The handle. Invariant: read and written only on `thread`'s single thread (or in `deinit`, when no
    /// other reference exists); `nil` after `close()`.
    private var handle: OpaquePointer?
    /// `PGcancel` for this connection; `PQcancel` is documented as thread-safe, so it is used from any
    /// thread (task cancellation). Freed only in `deinit`.
    private let cancelHandle: OpaquePointer?
    /// The single thread every libpq call on `handle` runs on.
    private let thread: NIOThreadPool
    /// Strings scrubbed from every error message (the password).
    let secrets: [String]
    /// host / port / dbname / user, for logs and errors (never the password).
    package let target: String
    let logger: Logger
    /// Set while a multi-call operation (transaction, COPY) owns the connection.
    private let busy = PostgresBusyFlag()

    private init(handle: OpaquePointer, thread: NIOThreadPool, secrets: [String], target: String, logger: Logger) {
        self.handle = handle
        self.cancelHandle = PQgetCancel(handle)
        self.thread = thread
        self.secrets = secrets
        self.target = target
        self.logger = logger
    }

    deinit {
        if let handle { PQfinish(handle) }
        if let cancelHandle { PQfreeCancel(cancelHandle) }
        thread.shutdownGracefully { _ in }
    }

    /// Opens a connection.
    ///
    /// - Parameters:
    ///   - url: a libpq URI (`postgresql://user:pass@host:port/db?sslmode=verify-full&sslrootcert=…`) or a
    ///     `key=value` conninfo string; TLS settings (`sslmode`, `sslrootcert`, `sslcert`, `sslkey`) are libpq's.
    ///   - password: a password from a secret store; overrides one in `url`.
    ///   - logger: receives `postgres_connected` (with the redacted target) and failures.
    /// - Throws: ``PostgresError`` `.invalidConnectionString`, `.authenticationFailed` or `.connectionFailed`;
    ///   the message never contains the password or the connection string.
    ///
    /// The corresponding C function is `PQconnectdbParams` (with `expand_dbname`).
    package static func connect(url: String, password: String? = nil, logger: Logger) async throws
        -> PostgresConnection
    {
        let info = try PostgresConnectionInfo(url, password: password)
        let thread = NIOThreadPool(numberOfThreads: 1)
        thread.start()
        do {
            let handle = try await thread.runIfActive { try info.open() }
            let connection = PostgresConnection(
                handle: handle.pointer, thread: thread, secrets: info.secrets, target: info.target, logger: logger)
            logger.debug("postgres_connected", metadata: ["postgres.target": "\(info.target)"])
            return connection
        } catch {
            thread.shutdownGracefully { _ in }
            logger.warning(
                "postgres_connect_failed", metadata: ["postgres.target": "\(info.target)", "error": "\(error)"])
            throw error
        }
    }

    /// Opens a connection, runs `body` with it and closes it, also when `body` throws.
    package static func withConnection<T>(
        url: String, password: String? = nil, logger: Logger, _ body: (PostgresConnection) async throws -> T
    ) async throws -> T {
        let connection = try await connect(url: url, password: password, logger: logger)
        do {
            let result = try await body(connection)
            await connection.close()
            return result
        } catch {
            await connection.close()
            throw error
        }
    }

    /// Closes the connection (`PQfinish`). Further calls throw `.connectionUnavailable`. Safe to call twice.
    package func close() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            thread.submit { _ in
                self.finish()
                continuation.resume()
            }
        }
        try? await thread.shutdownGracefully()
    }

    /// Closes the connection without waiting (for use outside async code). Prefer ``close()``.
    package func closeNow() {
        thread.submit { _ in self.finish() }
    }

    /// Whether the connection is open and healthy (`PQstatus` == `CONNECTION_OK`).
    package var isOpen: Bool {
        get async {
            (try? await onThread { PQstatus($0) == CONNECTION_OK }) ?? false
        }
    }

    /// The server's version number, e.g. 150020 (`PQserverVersion`).
    package var serverVersion: Int {
        get async throws { try await onThread { Int(PQserverVersion($0)) } }
    }

    private func finish() {
        if let handle {
            PQfinish(handle)
            self.handle = nil
        }
    }

    // MARK: - Running on the connection's thread

    /// Runs `body` with the live `PGconn` on the connection's thread.
    ///
    /// The work always runs once submitted (so cleanup such as ending a `COPY` is never skipped). If the
    /// calling task is cancelled meanwhile, a cancel request (`PQcancel`) is sent to the server, so a long
    /// statement or `COPY` ends promptly with `.queryCancelled`.
    func onThread<T: Sendable>(_ body: @escaping @Sendable (OpaquePointer) throws -> T) async throws -> T {
        let cancel = SendableCancelHandle(pointer: cancelHandle)
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<T, any Error>) in
                thread.submit { state in
                    guard case .active = state else {
                        continuation.resume(
                            throwing: PostgresError(.connectionUnavailable, message: "the connection is closed"))
                        return
                    }
                    continuation.resume(
                        with: Result {
                            guard let handle = self.handle else {
                                throw PostgresError(.connectionUnavailable, message: "the connection is closed")
                            }
                            return try body(handle)
                        })
                }
            }
        } onCancel: {
            cancel.send()
        }
    }

    /// The connections whose multi-call operation the current task is inside (so nested calls, e.g. a COPY
    /// inside ``withTransaction(isolation:readOnly:_:)``, are allowed).
    @TaskLocal static var claimedByCurrentTask: Set<ObjectIdentifier> = []

    /// Runs `body` while owning the connection, or throws `.connectionUnavailable` if another task's
    /// multi-call operation (transaction, COPY) holds it. Re-entrant within the owning task.
    func exclusively<T>(_ operation: String, _ body: () async throws -> T) async throws -> T {
        let identity = ObjectIdentifier(self)
        if Self.claimedByCurrentTask.contains(identity) { return try await body() }
        guard busy.acquire() else {
            throw PostgresError(
                .connectionUnavailable, message: "the connection is busy with another operation (\(operation))")
        }
        defer { busy.release() }
        return try await Self.$claimedByCurrentTask.withValue(Self.claimedByCurrentTask.union([identity])) {
            try await body()
        }
    }

    // MARK: - Errors

    /// The one place libpq failures become ``PostgresError``s: reads the diagnostics of `result` (or, when
    /// it is `nil`, the connection's error text), scrubs secrets, and picks the code.
    func error(
        _ code: PostgresError.Code, connection: OpaquePointer, result: OpaquePointer?, file: String = #fileID,
        line: Int = #line
    ) -> PostgresError {
        PostgresConnectionInfo.error(code, connection: connection, result: result, secrets: secrets, file: file, line: line)
    }
}

// The class's mutable state (`handle`) is confined to its single NIOThreadPool thread (see `handle`), the busy
// flag is lock-protected, and everything else is immutable; so references may cross tasks.
extension PostgresConnection: @unchecked Sendable {}

/// A `PGcancel` pointer that may be used from any thread (`PQcancel` is thread-safe per libpq's docs).
private struct SendableCancelHandle: @unchecked Sendable {
    let pointer: OpaquePointer?

    func send() {
        guard let pointer else { return }
        var buffer = [CChar](repeating: 0, count: 256)
        _ = PQcancel(pointer, &buffer, Int32(buffer.count))
    }
}
