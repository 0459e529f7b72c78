/// A run of consecutive `COPY … TO STDOUT` data messages, stored contiguously.
///
/// With `PQgetCopyData` each message is one row (text or CSV) or one tuple (binary; the first also carries
/// the binary header, the last is the trailer). Batches are bounded (about 1 MiB plus one message), so a
/// whole extract never sits in memory.
package struct PostgresCopyBatch: Sendable {
    /// The messages' bytes, back to back.
    package var bytes: [UInt8]
    /// The end offset (exclusive) of each message in ``bytes``.
    package var messageEnds: [Int]

    package init(bytes: [UInt8] = [], messageEnds: [Int] = []) {
        self.bytes = bytes
        self.messageEnds = messageEnds
    }

    /// How many messages the batch holds.
    package var count: Int { messageEnds.count }

    /// The byte range of message `index`.
    package func range(of index: Int) -> Range<Int> {
        (index == 0 ? 0 : messageEnds[index - 1])..<messageEnds[index]
    }

    /// The bytes of message `index` as a new array.
    package subscript(index: Int) -> [UInt8] { Array(bytes[range(of: index)]) }
}
