import Dispatch

/// Runs independent per-column work on all cores (DispatchQueue.concurrentPerform) and collects results in order.
enum ParallelColumnMap {
    static func map<T>(count: Int, _ body: (Int) throws -> T) throws -> [T] {
        guard count > 1 else { return try (0..<count).map(body) }
        let results = ResultSlots<T>(count: count)
        withoutActuallyEscaping(body) { body in
            let work = UncheckedBox(body)
            DispatchQueue.concurrentPerform(iterations: count) { index in
                results.set(index, Result { try work.value(index) })
            }
        }
        return try results.collect()
    }
}

/// Result slots written by distinct indices from concurrent iterations; read only after all iterations end.
/// The storage is a raw buffer, so concurrent writes to different slots need no exclusive access to the object.
private final class ResultSlots<T>: @unchecked Sendable {
    private let slots: UnsafeMutableBufferPointer<Result<T, any Error>?>

    init(count: Int) {
        slots = .allocate(capacity: count)
        slots.initialize(repeating: nil)
    }

    deinit {
        slots.deinitialize()
        slots.deallocate()
    }

    func set(_ index: Int, _ result: Result<T, any Error>) {
        slots[index] = result
    }

    func collect() throws -> [T] {
        try slots.map { try $0!.get() }
    }
}

/// Carries a non-Sendable closure into concurrentPerform; the closure only reads shared state.
private struct UncheckedBox<Value>: @unchecked Sendable {
    let value: Value
    init(_ value: Value) { self.value = value }
}
