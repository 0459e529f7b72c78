import Dispatch

#if canImport(Glibc)
    import Glibc
#endif

/// Waits for SIGTERM or SIGINT (graceful shutdown of the long-running `serve` mode).
package enum TerminationSignal {
    /// Returns the name of the first SIGTERM/SIGINT received, or nil when the waiting task is cancelled.
    package static func wait() async -> String? {
        let (stream, continuation) = AsyncStream.makeStream(of: String.self)
        let sources = [(SIGTERM, "SIGTERM"), (SIGINT, "SIGINT")].map { number, name in
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler { continuation.yield(name) }
            source.resume()
            return source
        }
        defer {
            for source in sources { source.cancel() }
            continuation.finish()
        }
        for await name in stream { return name }
        return nil
    }
}
