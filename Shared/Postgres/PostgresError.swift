/// A failure reported by libpq or the PostgreSQL server.
///
/// `description` carries the code, the SQLSTATE and the server's primary message; it never contains the
/// password or the connection string (every message is scrubbed of the connection's secrets before it is
/// stored). The server's DETAIL and HINT, which may quote row values (e.g. the key of a unique violation), are
/// kept apart in ``detail`` / ``hint`` and appear only in `debugDescription`.
package struct PostgresError: Error, CustomStringConvertible, CustomDebugStringConvertible {
    /// What kind of operation failed. Compare errors by code (and ``sqlState``), never by message.
    package enum Code: String, Sendable, Hashable {
        /// The connection string could not be parsed (`PQconninfoParse`); no detail is kept, as it could quote it.
        case invalidConnectionString
        /// Connecting failed: host unreachable, timeout, TLS verification, database missing (`PQconnectdbParams`).
        case connectionFailed
        /// The server rejected the credentials (SQLSTATE 28P01 / 28000 or libpq's authentication message).
        case authenticationFailed
        /// The connection broke while in use (server restart, network loss, SQLSTATE class 08 or 57P01–57P03).
        case connectionLost
        /// A statement failed on the server (`PQexec` / `PQexecParams`).
        case queryFailed
        /// The statement was cancelled: `statement_timeout` or a cancel request (SQLSTATE 57014).
        case queryCancelled
        /// A `COPY` failed (`PQputCopyData`, `PQputCopyEnd`, `PQgetCopyData`).
        case copyFailed
        /// The connection was already closed, or is busy with another operation of its owner.
        case connectionUnavailable
        /// The server answered with a result the caller did not ask for (e.g. rows from `execute`).
        case unexpectedResult
        /// An argument is invalid (e.g. an unknown isolation level) before anything was sent.
        case invalidArgument
    }

    package var code: Code
    /// The five-character SQLSTATE when the server sent one (`PG_DIAG_SQLSTATE`), e.g. `42P01`.
    package var sqlState: String?
    /// The server's primary message or libpq's error text, scrubbed of secrets.
    package var message: String
    /// The server's DETAIL field; may contain row values, so it is only in `debugDescription`.
    package var detail: String?
    /// The server's HINT field.
    package var hint: String?
    /// Where the error was raised.
    package var file: String
    package var line: Int

    package init(
        _ code: Code, message: String, sqlState: String? = nil, detail: String? = nil, hint: String? = nil,
        file: String = #fileID, line: Int = #line
    ) {
        self.code = code
        self.sqlState = sqlState
        self.message = message
        self.detail = detail
        self.hint = hint
        self.file = file
        self.line = line
    }

    /// Whether the failure means the server or the network is gone (retrying on a new connection may help).
    package var isConnectionFailure: Bool {
        switch code {
        case .connectionFailed, .connectionLost: return true
        default: break
        }
        guard let sqlState else { return false }
        return sqlState.hasPrefix("08") || ["57P01", "57P02", "57P03"].contains(sqlState)
    }

    package var description: String {
        let state = sqlState.map { " [\($0)]" } ?? ""
        return "PostgresError.\(code.rawValue)\(state): \(message)"
    }

    package var debugDescription: String {
        var text = description
        if let detail { text += " DETAIL: \(detail)" }
        if let hint { text += " HINT: \(hint)" }
        return text + " (\(file):\(line))"
    }
}
