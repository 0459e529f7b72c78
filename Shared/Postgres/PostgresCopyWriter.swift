/// Sends the data of a `COPY … FROM STDIN` started by ``PostgresConnection/copyIn(_:_:)``.
///
/// Writes are buffered (64 KiB) and handed to the connection's thread in chunks, so callers may write one
/// row at a time. Data must be in the format the COPY statement names (text by default: tab-separated,
/// `\N` for NULL, newline-terminated rows). Valid only inside the `copyIn` closure.
package final class PostgresCopyWriter {
    private let connection: PostgresConnection
    private var buffer: [UInt8] = []
    private let flushThreshold = 64 * 1024

    init(connection: PostgresConnection) {
        self.connection = connection
        buffer.reserveCapacity(flushThreshold + 4096)
    }

    /// Appends raw bytes to the COPY stream.
    package func write(_ bytes: [UInt8]) async throws {
        buffer.append(contentsOf: bytes)
        if buffer.count >= flushThreshold { try await flush() }
    }

    /// Appends a string's UTF-8 bytes to the COPY stream.
    package func write(_ text: String) async throws {
        buffer.append(contentsOf: text.utf8)
        if buffer.count >= flushThreshold { try await flush() }
    }

    /// Sends everything buffered so far.
    ///
    /// The corresponding C function is `PQputCopyData`.
    package func flush() async throws {
        guard !buffer.isEmpty else { return }
        let chunk = buffer
        buffer.removeAll(keepingCapacity: true)
        try await connection.putCopyData(chunk)
    }
}
