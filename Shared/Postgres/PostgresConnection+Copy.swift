import CLibPQ

extension PostgresConnection {
    /// Runs `COPY … FROM STDIN` and streams the data `produce` writes.
    ///
    /// - Parameters:
    ///   - sql: the `COPY table (cols) FROM STDIN [WITH (…)]` statement.
    ///   - produce: writes the data through the ``PostgresCopyWriter``; if it throws, the COPY is aborted on
    ///     the server (nothing is loaded) and its error is rethrown.
    /// - Returns: rows copied, from the command tag (`PQcmdTuples`).
    /// - Throws: ``PostgresError`` `.copyFailed` (with SQLSTATE) when the server rejects the data.
    ///
    /// The corresponding C functions are `PQexec`, `PQputCopyData`, `PQputCopyEnd` and `PQgetResult`.
    @discardableResult
    package func copyIn(_ sql: String, _ produce: (PostgresCopyWriter) async throws -> Void) async throws -> Int {
        try await exclusively("copyIn") {
            try await startCopy(sql, expecting: PGRES_COPY_IN)
            let writer = PostgresCopyWriter(connection: self)
            do {
                try await produce(writer)
                try await writer.flush()
            } catch {
                _ = try? await endCopyIn(abortMessage: "COPY aborted by the client")
                throw error
            }
            return try await endCopyIn(abortMessage: nil)
        }
    }

    /// Runs `COPY … TO STDOUT` and hands each data message (one row, or one binary tuple) to `consume`.
    ///
    /// Memory stays bounded: rows are fetched in batches of about 1 MiB.
    ///
    /// - Returns: rows copied, from the command tag (`PQcmdTuples`).
    /// - Throws: ``PostgresError`` `.copyFailed`, `.connectionLost` (server restart, network loss) or
    ///   `.queryCancelled`; or what `consume` throws, after the COPY was cancelled and drained.
    @discardableResult
    package func copyOut(_ sql: String, _ consume: ([UInt8]) throws -> Void) async throws -> Int {
        try await copyOutBatches(sql) { batch in
            for index in 0..<batch.count { try consume(batch[index]) }
        }
    }

    /// Runs `COPY … TO STDOUT` and hands the data to `consume` in batches of consecutive messages.
    ///
    /// The next batch is fetched on the connection's thread while `consume` processes the current one.
    /// Batches hold about 1 MiB, so memory stays bounded whatever the table size.
    ///
    /// - Returns: rows copied, from the command tag (`PQcmdTuples`).
    /// - Throws: as ``copyOut(_:_:)``.
    ///
    /// The corresponding C functions are `PQexec`, `PQgetCopyData` and `PQgetResult`.
    @discardableResult
    package func copyOutBatches(_ sql: String, _ consume: (PostgresCopyBatch) throws -> Void) async throws -> Int {
        try await exclusively("copyOut") {
            try await startCopy(sql, expecting: PGRES_COPY_OUT)
            var current: PostgresCopyFetch
            do {
                current = try await fetchCopyData()
            } catch {
                await abandonCopyOut()
                throw error
            }
            while true {
                if let rows = current.rows {
                    if current.batch.count > 0 { try consume(current.batch) }
                    return rows
                }
                async let next = fetchCopyData()
                do {
                    try consume(current.batch)
                } catch {
                    _ = try? await next
                    await abandonCopyOut()
                    throw error
                }
                do {
                    current = try await next
                } catch {
                    await abandonCopyOut()
                    throw error
                }
            }
        }
    }

    // MARK: - Steps (each one call on the connection's thread)

    private func startCopy(_ sql: String, expecting expected: ExecStatusType) async throws {
        try await onThread { connection in
            let result = PQexec(connection, sql)
            defer { PQclear(result) }
            let status = result.map { PQresultStatus($0) } ?? PGRES_FATAL_ERROR
            guard status == expected else {
                if status == PGRES_COPY_IN || status == PGRES_COPY_OUT || status == PGRES_COPY_BOTH {
                    Self.abandonCopy(connection, status: status)
                    throw PostgresError(.unexpectedResult, message: "the statement started a COPY in the other direction")
                }
                if status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK {
                    throw PostgresError(.unexpectedResult, message: "the statement is not a COPY")
                }
                throw self.error(.copyFailed, connection: connection, result: result)
            }
        }
    }

    func putCopyData(_ chunk: [UInt8]) async throws {
        try await onThread { connection in
            let sent = chunk.withUnsafeBufferPointer { buffer in
                buffer.withMemoryRebound(to: CChar.self) { PQputCopyData(connection, $0.baseAddress, Int32($0.count)) }
            }
            guard sent == 1 else { throw self.error(.copyFailed, connection: connection, result: nil) }
        }
    }

    /// Ends a COPY IN (`PQputCopyEnd`; with `abortMessage` the server discards the data) and collects the
    /// final results; returns rows copied.
    private func endCopyIn(abortMessage: String?) async throws -> Int {
        try await onThread { connection in
            guard PQputCopyEnd(connection, abortMessage) == 1 else {
                throw self.error(.copyFailed, connection: connection, result: nil)
            }
            return try self.collectResults(connection)
        }
    }

    /// Reads the results that follow a COPY; throws the first error, returns the command tag's row count.
    private func collectResults(_ connection: OpaquePointer) throws -> Int {
        var rows = 0
        var failure: PostgresError?
        while let result = PQgetResult(connection) {
            let status = PQresultStatus(result)
            if status == PGRES_COMMAND_OK {
                rows = PQcmdTuples(result).flatMap { Int(String(cString: $0)) } ?? 0
            } else if status == PGRES_COPY_IN || status == PGRES_COPY_OUT {
                // Still in COPY (should not happen after the end was sent): end it to free the connection.
                PQclear(result)
                Self.abandonCopy(connection, status: status)
                if failure == nil { failure = PostgresError(.copyFailed, message: "COPY did not end") }
                break
            } else if failure == nil {
                failure = self.error(.copyFailed, connection: connection, result: result)
            }
            PQclear(result)
            if PQstatus(connection) != CONNECTION_OK { break }
        }
        if let failure { throw failure }
        if PQstatus(connection) != CONNECTION_OK {
            throw self.error(.connectionLost, connection: connection, result: nil)
        }
        return rows
    }

    /// Reads up to about 1 MiB of COPY OUT messages; at the end of the stream also the final result.
    private func fetchCopyData() async throws -> PostgresCopyFetch {
        try await onThread { connection in
            let limit = 1 << 20
            var batch = PostgresCopyBatch()
            batch.bytes.reserveCapacity(limit + 64 * 1024)
            while batch.bytes.count < limit {
                var buffer: UnsafeMutablePointer<CChar>?
                let length = PQgetCopyData(connection, &buffer, 0)
                if length > 0, let buffer {
                    buffer.withMemoryRebound(to: UInt8.self, capacity: Int(length)) {
                        batch.bytes.append(contentsOf: UnsafeBufferPointer(start: $0, count: Int(length)))
                    }
                    PQfreemem(buffer)
                    batch.messageEnds.append(batch.bytes.count)
                } else if length == -1 {
                    return PostgresCopyFetch(batch: batch, rows: try self.collectResults(connection))
                } else {
                    let failure = self.error(.copyFailed, connection: connection, result: nil)
                    _ = try? self.collectResults(connection)
                    throw failure
                }
            }
            return PostgresCopyFetch(batch: batch, rows: nil)
        }
    }

    /// Ends an unfinished COPY OUT: sends a cancel request, then drains what the server still sends.
    private func abandonCopyOut() async {
        _ = try? await onThread { connection in
            // Only a live connection with a command in progress has a COPY to cancel (a dead server would
            // make PQcancel wait on its own connection attempt).
            guard PQstatus(connection) == CONNECTION_OK, PQtransactionStatus(connection) == PQTRANS_ACTIVE else {
                while let result = PQgetResult(connection) { PQclear(result) }
                return
            }
            if let cancel = PQgetCancel(connection) {
                var message = [CChar](repeating: 0, count: 256)
                _ = PQcancel(cancel, &message, Int32(message.count))
                PQfreeCancel(cancel)
            }
            Self.abandonCopy(connection, status: PGRES_COPY_OUT)
        }
    }
}

/// One fetch of COPY OUT data; `rows` is set once the stream has ended.
struct PostgresCopyFetch: Sendable {
    var batch: PostgresCopyBatch
    var rows: Int?
}
