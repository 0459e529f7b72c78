/// PLAIN encoding of value ranges (little-endian scalars, bit-packed booleans, length-prefixed byte arrays,
/// raw fixed-length byte arrays).
enum PlainEncoder {
    static func encode(_ values: ParquetColumnValues, range: Range<Int>, into output: inout [UInt8]) {
        switch values {
        case .boolean(let flags):
            var byte: UInt8 = 0
            var bit = 0
            output.reserveCapacity(output.count + (range.count + 7) / 8)
            for i in range {
                if flags[i] { byte |= 1 << UInt8(bit) }
                bit += 1
                if bit == 8 {
                    output.append(byte)
                    byte = 0
                    bit = 0
                }
            }
            if bit > 0 { output.append(byte) }
        case .int32(let array): appendRaw(array, range, &output)
        case .int64(let array): appendRaw(array, range, &output)
        case .float(let array): appendRaw(array, range, &output)
        case .double(let array): appendRaw(array, range, &output)
        case .byteArray(let column):
            guard !range.isEmpty else { return }
            let dataBytes = column.offsets[range.upperBound] - column.offsets[range.lowerBound]
            let start = output.count
            let total = dataBytes + 4 * range.count
            output.append(contentsOf: repeatElement(0, count: total))
            output.withUnsafeMutableBytes { out in
                column.data.withUnsafeBytes { data in
                    var position = start
                    for i in range {
                        let from = column.offsets[i]
                        let length = column.offsets[i + 1] - from
                        out.storeBytes(of: UInt32(truncatingIfNeeded: length).littleEndian, toByteOffset: position, as: UInt32.self)
                        position += 4
                        if length > 0 {
                            (out.baseAddress! + position).copyMemory(from: data.baseAddress! + from, byteCount: length)
                        }
                        position += length
                    }
                }
            }
        case .fixedLenByteArray(let column):
            guard !range.isEmpty else { return }
            output.append(contentsOf: column.data[column.offsets[range.lowerBound]..<column.offsets[range.upperBound]])
        }
    }

    private static func appendRaw<T: BitwiseCopyable>(_ array: [T], _ range: Range<Int>, _ output: inout [UInt8]) {
        guard !range.isEmpty else { return }
        array.withUnsafeBytes { raw in
            let stride = MemoryLayout<T>.stride
            output.append(contentsOf: raw[(range.lowerBound * stride)..<(range.upperBound * stride)])
        }
    }
}
