import Dispatch
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Turns SIGTERM and SIGINT into a prompt, recorded stop: the handler runs `onSignal` (which records the
/// in-flight run as failed) and then exits with status 1.
package final class SignalWatcher: @unchecked Sendable {
    // Invariant: `sources` is set once in init and only read (cancelled) in deinit.
    private let sources: [any DispatchSourceSignal]

    /// Installs the handlers; keep the watcher alive for as long as they should apply.
    package init(onSignal: @escaping @Sendable (String) async -> Void) {
        var sources: [any DispatchSourceSignal] = []
        for (number, name) in [(SIGTERM, "SIGTERM"), (SIGINT, "SIGINT")] {
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler {
                // A second signal while recording is ignored; the first one always ends the process.
                Task {
                    await onSignal(name)
                    exit(ExitStatus.failed.rawValue)
                }
            }
            source.resume()
            sources.append(source)
        }
        self.sources = sources
    }

    deinit {
        for source in sources { source.cancel() }
    }
}
