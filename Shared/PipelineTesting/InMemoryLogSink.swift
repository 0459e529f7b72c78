import Logging
import Synchronization

/// Captures log lines in memory so tests can assert on events (and on what must never be logged).
package final class InMemoryLogSink: Sendable {
    private let lines = Mutex<[String]>([])

    package init() {}

    /// A logger writing JSON lines (the production format) into this sink.
    package func logger(stage: String, level: Logger.Level = .debug) -> Logger {
        Logger(label: stage) { [self] label in
            var handler = JSONLinesLogHandlerFactory.make(label: label, stage: stage) { line in self.append(line) }
            handler.logLevel = level
            return handler
        }
    }

    package var captured: [String] { lines.withLock { $0 } }

    private func append(_ line: String) { lines.withLock { $0.append(line) } }
}
