import Foundation
import CLibPQ

/// A parsed connection string: the redacted target for logs, the secrets to scrub from messages, and the
/// libpq keyword/value parameters used to open the connection.
struct PostgresConnectionInfo: Sendable {
    /// Parameters set before the expanded connection string, so the string's own values win.
    static let defaults: [(String, String)] = [
        ("connect_timeout", "10"),
        ("keepalives", "1"),
        ("keepalives_idle", "30"),
        ("keepalives_interval", "10"),
        ("keepalives_count", "3"),
        ("tcp_user_timeout", "60000"),
        ("application_name", "northshire-access-iq"),
    ]

    let url: String
    let password: String?
    let secrets: [String]
    let target: String

    /// Parses `url` (URI or conninfo) with `PQconninfoParse` to learn the target and the password to scrub.
    ///
    /// A plain word (no `=` and no URI scheme) is a database name, as for libpq.
    init(_ url: String, password: String?) throws {
        self.url = url
        self.password = password
        var fields: [String: String] = [:]
        let looksLikeConnectionString =
            url.contains("=") || url.hasPrefix("postgresql://") || url.hasPrefix("postgres://")
        if looksLikeConnectionString {
            var errorMessage: UnsafeMutablePointer<CChar>?
            guard let options = PQconninfoParse(url, &errorMessage) else {
                // libpq's parse error quotes the offending part of the string, which may be the password.
                if let errorMessage { PQfreemem(errorMessage) }
                throw PostgresError(
                    .invalidConnectionString,
                    message: "the connection string is not a valid libpq URI or conninfo (details withheld)")
            }
            defer { PQconninfoFree(options) }
            var option = options
            while let keyword = option.pointee.keyword {
                if let value = option.pointee.val { fields[String(cString: keyword)] = String(cString: value) }
                option += 1
            }
        } else {
            fields["dbname"] = url
        }
        secrets = [fields["password"], password].compactMap { $0 }.filter { !$0.isEmpty }
        let host = fields["host"] ?? fields["hostaddr"] ?? "(default)"
        target = "host=\(host) port=\(fields["port"] ?? "(default)") dbname=\(fields["dbname"] ?? "(default)") "
            + "user=\(fields["user"] ?? "(default)")"
    }

    /// Opens the connection (blocking; call on a connection thread).
    ///
    /// The corresponding C function is `PQconnectdbParams`.
    func open() throws -> PostgresConnectionPointer {
        var parameters = Self.defaults
        parameters.append(("dbname", url))
        if let password { parameters.append(("password", password)) }
        parameters.append(("client_encoding", "UTF8"))
        let keywords = parameters.map { strdup($0.0) }
        let values = parameters.map { strdup($0.1) }
        defer {
            keywords.forEach { free($0) }
            values.forEach { free($0) }
        }
        let keywordPointers: [UnsafePointer<CChar>?] = keywords.map { UnsafePointer($0) } + [nil]
        let valuePointers: [UnsafePointer<CChar>?] = values.map { UnsafePointer($0) } + [nil]
        // PQconnectdbParams returns a PGconn even on failure (NULL only when out of memory); it must be freed.
        guard let connection = PQconnectdbParams(keywordPointers, valuePointers, 1) else {
            throw PostgresError(.connectionFailed, message: "libpq could not allocate a connection")
        }
        guard PQstatus(connection) == CONNECTION_OK else {
            let text = Self.scrub(Self.connectionMessage(connection), secrets: secrets)
            PQfinish(connection)
            let authentication = text.contains("authentication failed") || text.contains("password")
            throw PostgresError(authentication ? .authenticationFailed : .connectionFailed, message: text)
        }
        return PostgresConnectionPointer(pointer: connection)
    }

    // MARK: - Error mapping

    /// libpq's current error text for `connection`, trimmed.
    static func connectionMessage(_ connection: OpaquePointer) -> String {
        guard let text = PQerrorMessage(connection) else { return "unknown libpq error" }
        let message = String(cString: text).trimmingCharacters(in: .whitespacesAndNewlines)
        return message.isEmpty ? "unknown libpq error" : message
    }

    /// `text` with every secret replaced by `<redacted>`.
    static func scrub(_ text: String, secrets: [String]) -> String {
        secrets.reduce(text) { $0.replacingOccurrences(of: $1, with: "<redacted>") }
    }

    /// Builds the error for a failed call: SQLSTATE and fields from `result` when present, else libpq's text.
    static func error(
        _ code: PostgresError.Code, connection: OpaquePointer, result: OpaquePointer?, secrets: [String],
        file: String, line: Int
    ) -> PostgresError {
        func field(_ read: (OpaquePointer) -> UnsafePointer<CChar>?) -> String? {
            guard let result, let value = read(result) else { return nil }
            return scrub(String(cString: value), secrets: secrets)
        }
        let sqlState = field { CLibPQ_sqlState($0) }
        let primary = field { CLibPQ_messagePrimary($0) }
        let message = primary ?? scrub(connectionMessage(connection), secrets: secrets)
        var resolved = code
        if sqlState == "57014" {
            resolved = .queryCancelled
        } else if PQstatus(connection) != CONNECTION_OK {
            resolved = .connectionLost
        } else if let sqlState, sqlState.hasPrefix("08") || ["57P01", "57P02", "57P03"].contains(sqlState) {
            resolved = .connectionLost
        } else if sqlState == "28P01" || sqlState == "28000" {
            resolved = .authenticationFailed
        }
        return PostgresError(
            resolved, message: message, sqlState: sqlState, detail: field { CLibPQ_messageDetail($0) },
            hint: field { CLibPQ_messageHint($0) }, file: file, line: line)
    }
}

/// A freshly opened `PGconn` handed from the connection thread to its owner.
struct PostgresConnectionPointer: @unchecked Sendable {
    // Sent exactly once, from the thread that opened it to the `PostgresConnection` that becomes its owner.
    let pointer: OpaquePointer
}
