import Foundation

/// A lock-protected flag marking a connection as owned by one multi-call operation.
final class PostgresBusyFlag: @unchecked Sendable {
    // `busy` is only read or written while `lock` is held.
    private let lock = NSLock()
    private var busy = false

    /// Sets the flag; `false` if it was already set.
    func acquire() -> Bool {
        lock.withLock {
            if busy { return false }
            busy = true
            return true
        }
    }

    func release() { lock.withLock { busy = false } }

    var isSet: Bool { lock.withLock { busy } }
}
