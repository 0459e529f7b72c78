import CLibPQ
import Foundation

extension PostgresConnection {
    /// Runs one or more statements that return no rows (DDL, `SET`, `INSERT` without `RETURNING`).
    ///
    /// - Throws: ``PostgresError``; execution stops at the first failing statement.
    ///
    /// The corresponding C function is `PQexec`.
    package func execute(_ sql: String) async throws {
        try await exclusively("execute") { try await executeOnThread(sql) }
    }

    func executeOnThread(_ sql: String) async throws {
        try await onThread { connection in
            let result = PQexec(connection, sql)
            defer { PQclear(result) }
            let status = result.map { PQresultStatus($0) } ?? PGRES_FATAL_ERROR
            switch status {
            case PGRES_COMMAND_OK, PGRES_TUPLES_OK, PGRES_EMPTY_QUERY:
                return
            case PGRES_COPY_IN, PGRES_COPY_OUT, PGRES_COPY_BOTH:
                Self.abandonCopy(connection, status: status)
                throw PostgresError(.unexpectedResult, message: "execute() cannot run COPY; use copyIn/copyOut")
            default:
                throw self.error(.queryFailed, connection: connection, result: result)
            }
        }
    }

    /// Runs one statement with `$1 …` parameters sent separately from the SQL text (injection-safe) and
    /// returns its rows in text format.
    ///
    /// - Parameters:
    ///   - sql: a single statement; parameters are `$1`, `$2`, … and are typed by the server from context
    ///     (add a cast such as `$1::date` where it is ambiguous).
    ///   - parameters: text-format values; `nil` is SQL `NULL`.
    /// - Returns: the rows (empty for statements that return none) and ``PostgresRows/affectedRows``.
    /// - Throws: ``PostgresError`` with the server's SQLSTATE.
    ///
    /// The corresponding C function is `PQexecParams`.
    @discardableResult
    package func query(_ sql: String, parameters: [String?] = []) async throws -> PostgresRows {
        try await exclusively("query") { try await queryOnThread(sql, parameters: parameters) }
    }

    func queryOnThread(_ sql: String, parameters: [String?]) async throws -> PostgresRows {
        try await onThread { connection in
            let values = parameters.map { $0.map { strdup($0) } ?? nil }
            defer { values.forEach { free($0) } }
            let pointers: [UnsafePointer<CChar>?] = values.map { $0.map { UnsafePointer($0) } }
            let result = PQexecParams(connection, sql, Int32(pointers.count), nil, pointers, nil, nil, 0)
            defer { PQclear(result) }
            let status = result.map { PQresultStatus($0) } ?? PGRES_FATAL_ERROR
            switch status {
            case PGRES_TUPLES_OK, PGRES_COMMAND_OK, PGRES_EMPTY_QUERY:
                return Self.rows(of: result!)
            case PGRES_COPY_IN, PGRES_COPY_OUT, PGRES_COPY_BOTH:
                Self.abandonCopy(connection, status: status)
                throw PostgresError(.unexpectedResult, message: "query() cannot run COPY; use copyIn/copyOut")
            default:
                throw self.error(.queryFailed, connection: connection, result: result)
            }
        }
    }

    /// Reads every value of a successful result (`PQntuples`, `PQnfields`, `PQfname`, `PQgetvalue`).
    static func rows(of result: OpaquePointer) -> PostgresRows {
        let rowCount = Int(PQntuples(result))
        let columnCount = Int(PQnfields(result))
        let columns = (0..<columnCount).map { String(cString: PQfname(result, Int32($0))) }
        var rows: [[String?]] = []
        rows.reserveCapacity(rowCount)
        for row in 0..<rowCount {
            rows.append(
                (0..<columnCount).map { column in
                    PQgetisnull(result, Int32(row), Int32(column)) == 1
                        ? nil : String(cString: PQgetvalue(result, Int32(row), Int32(column)))
                })
        }
        let tag = PQcmdTuples(result).map { String(cString: $0) } ?? ""
        return PostgresRows(columns: columns, rows: rows, affectedRows: Int(tag))
    }

    /// Ends a COPY that a plain statement started unexpectedly, so the connection stays usable.
    static func abandonCopy(_ connection: OpaquePointer, status: ExecStatusType) {
        if status == PGRES_COPY_IN || status == PGRES_COPY_BOTH {
            _ = PQputCopyEnd(connection, "COPY is not supported by this call")
        }
        if status == PGRES_COPY_OUT || status == PGRES_COPY_BOTH {
            var buffer: UnsafeMutablePointer<CChar>?
            while PQgetCopyData(connection, &buffer, 0) > 0 {
                PQfreemem(buffer)
                buffer = nil
            }
        }
        while let result = PQgetResult(connection) { PQclear(result) }
    }
}
