/// A 128-bit fingerprint of one value or one combination of values, for uniqueness and key lookups.
///
/// Two independently seeded 64-bit lanes keep memory at 16 bytes per distinct value. Each lane mixes its input
/// words with a bijective finaliser, so a single integer-like value (ints, dates, timestamps) maps to a unique
/// fingerprint — no collisions at all — and for strings and combinations the chance that two different keys
/// of a 10-million-row table collide is about 10⁻²⁴. Deliberately not `Hasher` (SipHash): this runs once per
/// row per unique/relationship check and must cost a few nanoseconds.
struct ValueKey: Hashable {
    var high: UInt64
    var low: UInt64

    init(high: UInt64, low: UInt64) {
        self.high = high
        self.low = low
    }

    /// The fingerprint a single integer-stored column gives `value` (same as ``init(_:row:)``).
    init(integer value: Int64) {
        var hasher = FingerprintHasher()
        hasher.combine(2)
        hasher.combine(UInt64(bitPattern: value))
        self = hasher.finalize()
    }

    init(_ columns: [ColumnVector], row: Int) {
        var hasher = FingerprintHasher()
        for column in columns { column.fingerprint(row, into: &hasher) }
        self = hasher.finalize()
    }
}

/// Accumulates words into the two lanes of a ``ValueKey``.
struct FingerprintHasher {
    private var high: UInt64 = 0x243F_6A88_85A3_08D3
    private var low: UInt64 = 0x1319_8A2E_0370_7344
    private var length: UInt64 = 0

    /// MurmurHash3's 64-bit finaliser: a bijection with full avalanche.
    @inline(__always) static func mix(_ value: UInt64) -> UInt64 {
        var x = value
        x ^= x >> 33
        x &*= 0xFF51_AFD7_ED55_8CCD
        x ^= x >> 33
        x &*= 0xC4CE_B9FE_1A85_EC53
        x ^= x >> 33
        return x
    }

    @inline(__always) mutating func combine(_ word: UInt64) {
        high = Self.mix(high ^ word)
        low = Self.mix((low &+ 0x9E37_79B9_7F4A_7C15) ^ word)
        length &+= 1
    }

    mutating func combine(bytes: UnsafeRawBufferPointer) {
        var offset = 0
        while offset + 8 <= bytes.count {
            combine(bytes.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
            offset += 8
        }
        var tail: UInt64 = 0
        var shift: UInt64 = 0
        while offset < bytes.count {
            tail |= UInt64(bytes[offset]) << shift
            shift += 8
            offset += 1
        }
        // The length is folded in, so "ab" and "ab\0" differ.
        combine(tail ^ (UInt64(bytes.count) << 56))
    }

    func finalize() -> ValueKey {
        ValueKey(high: Self.mix(high ^ length), low: Self.mix(low ^ (length &* 0xD6E8_FEB8_6659_FD93)))
    }
}
