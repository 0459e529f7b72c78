/// Decodes DELTA_BINARY_PACKED integers (INT32/INT64) with wrapping arithmetic and bounds checks.
struct DeltaBinaryPackedDecoder {
    private let buffer: UnsafeRawBufferPointer
    private var position = 0

    init(_ buffer: UnsafeRawBufferPointer) {
        self.buffer = buffer
    }

    private func corrupt(_ message: String) -> ParquetError {
        ParquetError(.corruptData, "DELTA_BINARY_PACKED: \(message)")
    }

    private mutating func varint() throws -> UInt64 {
        var result: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            guard position < buffer.count else { throw corrupt("truncated") }
            let byte = buffer[position]
            position += 1
            guard shift < 64 else { throw corrupt("varint too long") }
            result |= UInt64(byte & 0x7F) << shift
            if byte & 0x80 == 0 { return result }
            shift += 7
        }
    }

    private mutating func zigzag() throws -> Int64 {
        let raw = try varint()
        return Int64(bitPattern: (raw >> 1) ^ (0 &- (raw & 1)))
    }

    /// Decodes `count` values, appending them to `output`.
    mutating func decode(count: Int, into output: inout [Int64]) throws {
        let blockSize = try varint()
        let miniblocks = try varint()
        let total = try varint()
        var value = try zigzag()
        guard blockSize > 0, blockSize % 128 == 0, blockSize <= 1 << 20, miniblocks > 0, blockSize % miniblocks == 0 else {
            throw corrupt("invalid block header")
        }
        let perMiniblock = Int(blockSize / miniblocks)
        guard perMiniblock % 32 == 0 else { throw corrupt("miniblock size not a multiple of 32") }
        guard total >= UInt64(count) else { throw corrupt("page holds \(total) values, \(count) needed") }
        guard count > 0 else { return }
        output.reserveCapacity(output.count + count)
        output.append(value)
        var produced = 1
        while produced < count {
            let minDelta = try zigzag()
            let widthsStart = position
            guard buffer.count - position >= Int(miniblocks) else { throw corrupt("bit widths truncated") }
            position += Int(miniblocks)
            for m in 0..<Int(miniblocks) where produced < count {
                let width = Int(buffer[widthsStart + m])
                guard width <= 64 else { throw corrupt("bit width \(width)") }
                let bytes = perMiniblock * width / 8
                let available = min(bytes, buffer.count - position)
                var bitOffset = position * 8
                for _ in 0..<perMiniblock where produced < count {
                    guard (bitOffset + width) <= (position + available) * 8 else { throw corrupt("miniblock truncated") }
                    var delta: UInt64 = 0
                    var got = 0
                    while got < width {
                        let byte = UInt64(buffer[(bitOffset + got) >> 3])
                        let shift = (bitOffset + got) & 7
                        let take = min(8 - shift, width - got)
                        delta |= ((byte >> UInt64(shift)) & ((1 << UInt64(take)) - 1)) << UInt64(got)
                        got += take
                    }
                    bitOffset += width
                    value = value &+ minDelta &+ Int64(bitPattern: delta)
                    output.append(value)
                    produced += 1
                }
                position += available
            }
        }
    }
}
