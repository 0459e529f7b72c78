import Dispatch
import Parquet
import Synchronization

/// Hands decoded column chunks to a ``BronzePartWriter`` running on a thread of its own, so decoding the next
/// rows of the COPY stream overlaps with encoding, compressing and writing the previous ones.
///
/// At most `depth` chunks wait for the writer; ``submit(_:rows:)`` blocks beyond that, which keeps memory
/// bounded (the wait is for one chunk's encoding, never for the network). The first error the writer meets is
/// rethrown by the next ``submit(_:rows:)`` or by ``finish()``; later chunks are dropped.
final class BackgroundChunkWriter: @unchecked Sendable {
    private let parts: BronzePartWriter
    private let queue = DispatchQueue(label: "postgres-ingest.bronze-part-writer")
    private let slots: DispatchSemaphore
    private let failure = Mutex<(any Error)?>(nil)
    /// Rows submitted so far; read and written by the submitting side only.
    private var submittedRows = 0

    init(parts: BronzePartWriter, depth: Int) {
        self.parts = parts
        self.slots = DispatchSemaphore(value: depth)
    }

    /// How many more rows the current part takes, counting chunks still queued; a chunk must not exceed it, so
    /// parts roll exactly every `rowsPerFile` rows.
    var capacityInPart: Int { parts.rowsPerFile - submittedRows % parts.rowsPerFile }

    /// Queues a chunk of `rows` rows (at most ``capacityInPart``).
    func submit(_ columns: [ParquetColumnData], rows: Int) throws {
        try rethrowFailure()
        slots.wait()
        submittedRows += rows
        queue.async { [self] in
            defer { slots.signal() }
            guard failure.withLock({ $0 == nil }) else { return }
            do {
                try parts.write(columns, rows: rows)
            } catch {
                failure.withLock { $0 = $0 ?? error }
            }
        }
    }

    /// Waits for every queued chunk, closes the last part and rethrows the writer's first error.
    func finish() throws {
        try queue.sync {
            try rethrowFailure()
            try parts.finish()
        }
    }

    /// Waits for the writer to go idle without closing anything (the error path: no thread may still write
    /// into the scratch folder once the extract has returned).
    func drain() {
        queue.sync {}
    }

    private func rethrowFailure() throws {
        if let error = failure.withLock({ $0 }) { throw error }
    }
}
