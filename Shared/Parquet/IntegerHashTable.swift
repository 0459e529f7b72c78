/// An insertion-ordered set of integers with open addressing, mapping each distinct value to its index — the
/// integer counterpart of ``ByteArrayHashTable`` for dictionary encoding (a Swift `Dictionary` would hash every
/// value with SipHash, a large part of the cost of writing an integer column).
struct IntegerHashTable<Value: FixedWidthInteger> {
    private(set) var entries: [Value] = []
    private var slots: [Int32]
    private var mask: Int

    init(capacity: Int = 1024) {
        let size = ByteArrayHashTable.slotCount(for: capacity)
        slots = [Int32](repeating: -1, count: size)
        mask = size - 1
    }

    var count: Int { entries.count }

    /// MurmurHash3's 64-bit finaliser: consecutive ids spread over the whole table.
    @inline(__always) private static func slot(_ value: Value, mask: Int) -> Int {
        var x = UInt64(truncatingIfNeeded: value)
        x ^= x >> 33
        x &*= 0xFF51_AFD7_ED55_8CCD
        x ^= x >> 33
        return Int(truncatingIfNeeded: x) & mask
    }

    /// The index of `value`, inserting it if new.
    @inline(__always) mutating func index(of value: Value) -> UInt32 {
        var slot = Self.slot(value, mask: mask)
        while true {
            let entry = slots[slot]
            if entry < 0 { break }
            if entries[Int(entry)] == value { return UInt32(entry) }
            slot = (slot + 1) & mask
        }
        let index = entries.count
        entries.append(value)
        slots[slot] = Int32(index)
        if entries.count * 2 > slots.count { grow() }
        return UInt32(index)
    }

    private mutating func grow() {
        let size = slots.count * 2
        slots = [Int32](repeating: -1, count: size)
        mask = size - 1
        for (index, value) in entries.enumerated() {
            var slot = Self.slot(value, mask: mask)
            while slots[slot] >= 0 { slot = (slot + 1) & mask }
            slots[slot] = Int32(index)
        }
    }
}
