import Dispatch
import Parquet
import Synchronization

/// Hands whole row groups to a ``ParquetWriter`` running on a queue of its own, so typing the next rows of a
/// source file overlaps with encoding, compressing and writing the previous ones.
///
/// One row group is written at a time: ``submit(_:)`` waits until the previous one is written and its arrays
/// are let go, then takes the next one, which keeps memory bounded and lets the caller refill the same arrays.
/// The first error the writer meets is rethrown by the next ``submit(_:)`` or by ``finish()``; later row groups
/// are dropped. The caller must end with ``finish()`` or, on its error path, ``drain()``, so the writer is never
/// used from two threads at once.
final class BackgroundRowGroupWriter: @unchecked Sendable {
    private let writer: ParquetWriter
    private let queue = DispatchQueue(label: "source-files.row-group-writer")
    private let idle = DispatchSemaphore(value: 1)
    private let failure = Mutex<(any Error)?>(nil)
    /// The row group handed to the queue (moved out there, so it is released before ``idle`` is signalled).
    private let handed = Mutex<[ParquetColumnData]?>(nil)

    init(writer: ParquetWriter) {
        self.writer = writer
    }

    /// Waits for the previous row group to be written, then queues the one `take` gives
    /// (`ParquetWriter.writeRowGroup(columns:)`).
    func submit(_ take: () -> [ParquetColumnData]) throws {
        try rethrowFailure()
        idle.wait()
        let columns = take()
        handed.withLock { $0 = columns }
        queue.async { [self] in
            write()
            idle.signal()
        }
    }

    private func write() {
        guard let columns = handed.withLock({ $0.take() }) else { return }
        guard failure.withLock({ $0 == nil }) else { return }
        do {
            try writer.writeRowGroup(columns: columns)
        } catch {
            failure.withLock { $0 = $0 ?? error }
        }
    }

    /// Waits for every queued row group and rethrows the writer's first error.
    func finish() throws {
        try queue.sync { try rethrowFailure() }
    }

    /// Waits for the writer to go idle (the error path: nothing may still write once the conversion returned).
    func drain() {
        queue.sync {}
    }

    private func rethrowFailure() throws {
        if let error = failure.withLock({ $0 }) { throw error }
    }
}
