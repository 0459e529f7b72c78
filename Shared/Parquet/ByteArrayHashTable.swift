/// An insertion-ordered set of byte strings with open addressing, mapping each distinct value to its index.
struct ByteArrayHashTable {
    private(set) var entries = ParquetByteArrayColumn()
    private var slots: [Int32]
    private var hashes: [UInt64] = []
    private var mask: Int

    init(capacity: Int = 1024) {
        let size = Self.slotCount(for: capacity)
        slots = [Int32](repeating: -1, count: size)
        mask = size - 1
    }

    /// Slots for `capacity` entries at a load factor of at most ½ (a power of two, at least 16).
    static func slotCount(for capacity: Int) -> Int {
        var size = 16
        while size < capacity * 2 { size <<= 1 }
        return size
    }

    var count: Int { entries.count }

    /// The index of `value`, inserting it if new.
    mutating func index(of value: UnsafeRawBufferPointer) -> UInt32 {
        let hash = Self.hash(value)
        var slot = Int(truncatingIfNeeded: hash) & mask
        while true {
            let entry = slots[slot]
            if entry < 0 { break }
            let index = Int(entry)
            if hashes[index] == hash && equals(index, value) { return UInt32(index) }
            slot = (slot + 1) & mask
        }
        let index = entries.count
        entries.data.append(contentsOf: value)
        entries.offsets.append(entries.data.count)
        hashes.append(hash)
        slots[slot] = Int32(index)
        if entries.count * 2 > slots.count { grow() }
        return UInt32(index)
    }

    private func equals(_ index: Int, _ value: UnsafeRawBufferPointer) -> Bool {
        let start = entries.offsets[index]
        let length = entries.offsets[index + 1] - start
        guard length == value.count else { return false }
        if length == 0 { return true }
        return entries.data.withUnsafeBytes { data in
            memcmpEqual(data.baseAddress! + start, value.baseAddress!, length)
        }
    }

    private mutating func grow() {
        let size = slots.count * 2
        slots = [Int32](repeating: -1, count: size)
        mask = size - 1
        for (index, hash) in hashes.enumerated() {
            var slot = Int(truncatingIfNeeded: hash) & mask
            while slots[slot] >= 0 { slot = (slot + 1) & mask }
            slots[slot] = Int32(index)
        }
    }

    /// A fast non-cryptographic hash (multiply-xorshift over 8-byte words).
    static func hash(_ bytes: UnsafeRawBufferPointer) -> UInt64 {
        var h: UInt64 = 0x9E37_79B9_7F4A_7C15 ^ UInt64(bytes.count)
        var i = 0
        let count = bytes.count
        while i + 8 <= count {
            let word = bytes.loadUnaligned(fromByteOffset: i, as: UInt64.self)
            h = (h ^ word) &* 0xFF51_AFD7_ED55_8CCD
            h ^= h >> 32
            i += 8
        }
        if i < count {
            var tail: UInt64 = 0
            var shift: UInt64 = 0
            while i < count {
                tail |= UInt64(bytes[i]) << shift
                shift += 8
                i += 1
            }
            h = (h ^ tail) &* 0xC4CE_B9FE_1A85_EC53
        }
        h ^= h >> 29
        h = h &* 0xFF51_AFD7_ED55_8CCD
        h ^= h >> 32
        return h
    }
}

@inline(__always)
private func memcmpEqual(_ a: UnsafeRawPointer, _ b: UnsafeRawPointer, _ count: Int) -> Bool {
    var i = 0
    while i + 8 <= count {
        if a.loadUnaligned(fromByteOffset: i, as: UInt64.self) != b.loadUnaligned(fromByteOffset: i, as: UInt64.self) {
            return false
        }
        i += 8
    }
    while i < count {
        if a.load(fromByteOffset: i, as: UInt8.self) != b.load(fromByteOffset: i, as: UInt8.self) { return false }
        i += 1
    }
    return true
}
