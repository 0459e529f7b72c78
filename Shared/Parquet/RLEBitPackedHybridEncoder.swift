/// Encodes small unsigned integers (levels, dictionary indices, booleans) with the RLE / bit-packed hybrid:
/// runs of ≥ 8 equal values become RLE runs, everything else bit-packed groups of 8 (LSB first).
struct RLEBitPackedHybridEncoder {
    let bitWidth: Int
    private(set) var bytes: [UInt8] = []
    private var literals: [UInt32] = []

    init(bitWidth: Int, capacity: Int = 0) {
        precondition((0...32).contains(bitWidth))
        self.bitWidth = bitWidth
        bytes.reserveCapacity(capacity)
    }

    /// Encodes `count` values produced by `value(i)`.
    mutating func encode(count: Int, _ value: (Int) -> UInt32) {
        var i = 0
        while i < count {
            let current = value(i)
            var end = i + 1
            while end < count && value(end) == current { end += 1 }
            var run = end - i
            if run >= 8 {
                // Top up the pending literal group to a multiple of 8 from this run first.
                let pad = (8 - literals.count % 8) % 8
                for _ in 0..<pad { literals.append(current) }
                run -= pad
                i += pad
                if run >= 8 {
                    flushLiterals()
                    appendRLERun(value: current, count: run)
                } else {
                    for _ in 0..<run { literals.append(current) }
                }
                i += run
            } else {
                for j in i..<end { literals.append(value(j)) }
                i = end
            }
        }
        flushLiterals()
    }

    /// Encodes a run of `count` copies of one value (fast path for all-present levels).
    mutating func encodeRun(value: UInt32, count: Int) {
        flushLiterals()
        if count > 0 { appendRLERun(value: value, count: count) }
    }

    private mutating func appendRLERun(value: UInt32, count: Int) {
        appendVarint(UInt64(count) << 1)
        var remaining = value
        for _ in 0..<((bitWidth + 7) / 8) {
            bytes.append(UInt8(truncatingIfNeeded: remaining))
            remaining >>= 8
        }
    }

    private mutating func flushLiterals() {
        guard !literals.isEmpty else { return }
        let groups = (literals.count + 7) / 8
        while literals.count < groups * 8 { literals.append(0) }
        appendVarint(UInt64(groups) << 1 | 1)
        var accumulator: UInt64 = 0
        var bitsHeld = 0
        let mask: UInt64 = bitWidth == 32 ? 0xFFFF_FFFF : (1 << UInt64(bitWidth)) - 1
        for literal in literals {
            accumulator |= (UInt64(literal) & mask) << UInt64(bitsHeld)
            bitsHeld += bitWidth
            while bitsHeld >= 8 {
                bytes.append(UInt8(truncatingIfNeeded: accumulator))
                accumulator >>= 8
                bitsHeld -= 8
            }
        }
        if bitsHeld > 0 { bytes.append(UInt8(truncatingIfNeeded: accumulator)) }
        literals.removeAll(keepingCapacity: true)
    }

    private mutating func appendVarint(_ value: UInt64) {
        var remaining = value
        while remaining >= 0x80 {
            bytes.append(UInt8(truncatingIfNeeded: remaining) | 0x80)
            remaining >>= 7
        }
        bytes.append(UInt8(remaining))
    }

    /// Bits needed to store `maxValue`.
    static func bitWidth(forMax maxValue: UInt32) -> Int {
        maxValue == 0 ? 0 : 32 - maxValue.leadingZeroBitCount
    }
}
