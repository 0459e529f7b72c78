/// A set of ``ValueKey`` fingerprints: open addressing with linear probing, indexed by the fingerprint's own
/// (already well-mixed) bits, so inserting or looking up a key never hashes again.
///
/// The all-zero fingerprint marks an empty slot (one cache miss per probe, no separate occupancy array); the
/// real all-zero key, should it ever occur, is remembered aside. Memory: 16 bytes per slot, at most twice as
/// many slots as keys.
struct FingerprintSet {
    private static let empty = ValueKey(high: 0, low: 0)
    private var slots: [ValueKey]
    private(set) var count = 0
    private var containsEmptyKey = false

    init(capacity: Int = 1024) {
        slots = Array(repeating: Self.empty, count: FingerprintSet.size(for: capacity))
    }

    private static func size(for capacity: Int) -> Int {
        var size = 16
        while size < capacity * 2 { size <<= 1 }
        return size
    }

    /// Makes room for `capacity` keys in all.
    mutating func reserveCapacity(_ capacity: Int) {
        if capacity * 2 > slots.count { rehash(to: FingerprintSet.size(for: capacity)) }
    }

    /// Inserts `key`; returns false when it was already present.
    @discardableResult
    mutating func insert(_ key: ValueKey) -> Bool {
        if key == Self.empty {
            defer { containsEmptyKey = true }
            if !containsEmptyKey { count += 1 }
            return !containsEmptyKey
        }
        if (count + 1) * 2 > slots.count { rehash(to: slots.count * 2) }
        let inserted = slots.withUnsafeMutableBufferPointer { slots in
            let mask = slots.count - 1
            var index = Int(truncatingIfNeeded: key.high) & mask
            while slots[index] != Self.empty {
                if slots[index] == key { return false }
                index = (index + 1) & mask
            }
            slots[index] = key
            return true
        }
        if inserted { count += 1 }
        return inserted
    }

    func contains(_ key: ValueKey) -> Bool {
        if key == Self.empty { return containsEmptyKey }
        return slots.withUnsafeBufferPointer { slots in
            let mask = slots.count - 1
            var index = Int(truncatingIfNeeded: key.high) & mask
            while slots[index] != Self.empty {
                if slots[index] == key { return true }
                index = (index + 1) & mask
            }
            return false
        }
    }

    private mutating func rehash(to size: Int) {
        let old = slots
        slots = Array(repeating: Self.empty, count: size)
        count = containsEmptyKey ? 1 : 0
        for key in old where key != Self.empty { insert(key) }
    }
}
