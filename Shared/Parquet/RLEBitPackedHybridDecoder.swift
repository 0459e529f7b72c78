/// Decodes the RLE / bit-packed hybrid from a bounded buffer. Never reads past `buffer`, never produces more
/// than the requested count, and throws `corruptData` when the runs end early.
struct RLEBitPackedHybridDecoder {
    private let buffer: UnsafeRawBufferPointer
    private var position: Int
    private let bitWidth: Int
    private let mask: UInt64
    /// Current run: remaining values, and for RLE the repeated value.
    private var rleRemaining = 0
    private var rleValue: UInt32 = 0
    private var packedRemaining = 0
    private var packedBitOffset = 0

    init(_ buffer: UnsafeRawBufferPointer, bitWidth: Int) throws {
        guard (0...32).contains(bitWidth) else {
            throw ParquetError(.corruptData, "bit width \(bitWidth) is outside 0...32")
        }
        self.buffer = buffer
        self.position = 0
        self.bitWidth = bitWidth
        self.mask = bitWidth == 32 ? 0xFFFF_FFFF : (1 << UInt64(bitWidth)) - 1
    }

    private mutating func readVarint() throws -> UInt64 {
        var result: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            guard position < buffer.count else { throw ParquetError(.corruptData, "RLE run header truncated") }
            let byte = buffer[position]
            position += 1
            guard shift < 64 else { throw ParquetError(.corruptData, "RLE run header too long") }
            result |= UInt64(byte & 0x7F) << shift
            if byte & 0x80 == 0 { return result }
            shift += 7
        }
    }

    private mutating func nextRun() throws {
        let header = try readVarint()
        let count = header >> 1
        guard count > 0, count <= UInt64(Int32.max) else { throw ParquetError(.corruptData, "RLE run of \(count) values") }
        if header & 1 == 0 {
            let byteCount = (bitWidth + 7) / 8
            guard buffer.count - position >= byteCount else { throw ParquetError(.corruptData, "RLE run value truncated") }
            var value: UInt32 = 0
            for k in 0..<byteCount { value |= UInt32(buffer[position + k]) << UInt32(8 * k) }
            position += byteCount
            rleValue = value
            rleRemaining = Int(count)
        } else {
            let values = Int(count) * 8
            let byteCount = Int(count) * bitWidth
            // A final bit-packed run may be cut short by writers that do not pad; allow what is there.
            let available = min(byteCount, buffer.count - position)
            packedRemaining = bitWidth == 0 ? values : min(values, available * 8 / bitWidth)
            guard packedRemaining > 0 else { throw ParquetError(.corruptData, "bit-packed run truncated") }
            packedBitOffset = position * 8
            position += available
        }
    }

    /// Decodes exactly `count` values, calling `sink` with each.
    mutating func decode(count: Int, _ sink: (UInt32) -> Void) throws {
        var produced = 0
        while produced < count {
            if rleRemaining > 0 {
                let n = min(rleRemaining, count - produced)
                for _ in 0..<n { sink(rleValue) }
                rleRemaining -= n
                produced += n
            } else if packedRemaining > 0 {
                let n = min(packedRemaining, count - produced)
                if bitWidth == 0 {
                    for _ in 0..<n { sink(0) }
                } else {
                    for _ in 0..<n {
                        sink(readPacked())
                    }
                }
                packedRemaining -= n
                produced += n
            } else {
                try nextRun()
            }
        }
    }

    @inline(__always)
    private mutating func readPacked() -> UInt32 {
        let byteIndex = packedBitOffset >> 3
        let shift = UInt64(packedBitOffset & 7)
        var word: UInt64 = 0
        let available = min(8, buffer.count - byteIndex)
        if available == 8 {
            word = buffer.loadUnaligned(fromByteOffset: byteIndex, as: UInt64.self)
        } else {
            for k in 0..<available { word |= UInt64(buffer[byteIndex + k]) << UInt64(8 * k) }
        }
        var value = word >> shift
        if bitWidth + Int(shift) > 64 {
            // Only for widths > 56: one more byte.
            let extra = byteIndex + 8 < buffer.count ? UInt64(buffer[byteIndex + 8]) : 0
            value |= extra << (64 - shift)
        }
        packedBitOffset += bitWidth
        return UInt32(truncatingIfNeeded: value & mask)
    }

    /// Decodes `count` values into `output` (appending).
    mutating func decode(count: Int, into output: inout [UInt32]) throws {
        output.reserveCapacity(output.count + count)
        try decode(count: count) { output.append($0) }
    }

    /// Decodes `count` levels (bit width ≤ 8) into `output` as Bools (`value != 0`).
    mutating func decodeFlags(count: Int, into output: inout [Bool]) throws {
        output.reserveCapacity(output.count + count)
        try decode(count: count) { output.append($0 != 0) }
    }
}
