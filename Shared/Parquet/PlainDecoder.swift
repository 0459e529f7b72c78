/// Decodes PLAIN values from a bounded page buffer, appending to a typed store.
enum PlainDecoder {
    /// Decodes `count` values of `physicalType` from `buffer`; returns the bytes consumed.
    @discardableResult
    static func decode(
        count: Int, physicalType: ParquetPhysicalType, typeLength: Int, from buffer: UnsafeRawBufferPointer,
        into values: inout ParquetColumnValues
    ) throws -> Int {
        switch (physicalType, values) {
        case (.boolean, .boolean(var flags)):
            guard buffer.count * 8 >= count else { throw shortage("BOOLEAN", count) }
            values = .boolean([])
            flags.reserveCapacity(flags.count + count)
            for i in 0..<count { flags.append(buffer[i >> 3] & (1 << UInt8(i & 7)) != 0) }
            values = .boolean(flags)
            return (count + 7) / 8
        case (.int32, .int32(var array)):
            values = .int32([])
            let used = try appendRaw(count, buffer, &array, "INT32")
            values = .int32(array)
            return used
        case (.int64, .int64(var array)):
            values = .int64([])
            let used = try appendRaw(count, buffer, &array, "INT64")
            values = .int64(array)
            return used
        case (.float, .float(var array)):
            values = .float([])
            let used = try appendRaw(count, buffer, &array, "FLOAT")
            values = .float(array)
            return used
        case (.double, .double(var array)):
            values = .double([])
            let used = try appendRaw(count, buffer, &array, "DOUBLE")
            values = .double(array)
            return used
        case (.int96, .int64(var array)):
            guard buffer.count / 12 >= count else { throw shortage("INT96", count) }
            values = .int64([])
            array.reserveCapacity(array.count + count)
            for i in 0..<count {
                let nanos = Int64(littleEndian: buffer.loadUnaligned(fromByteOffset: 12 * i, as: Int64.self))
                let julianDay = Int64(Int32(littleEndian: buffer.loadUnaligned(fromByteOffset: 12 * i + 8, as: Int32.self)))
                array.append(Int96Timestamp.microseconds(julianDay: julianDay, nanosOfDay: nanos))
            }
            values = .int64(array)
            return 12 * count
        case (.byteArray, .byteArray(var column)):
            guard buffer.count / 4 >= count else { throw shortage("BYTE_ARRAY", count) }
            values = .boolean([])
            defer { values = .byteArray(column) }
            column.offsets.reserveCapacity(column.offsets.count + count)
            column.data.reserveCapacity(column.data.count + max(0, buffer.count - 4 * count))
            var position = 0
            for _ in 0..<count {
                guard buffer.count - position >= 4 else { throw shortage("BYTE_ARRAY", count) }
                let length = Int(UInt32(littleEndian: buffer.loadUnaligned(fromByteOffset: position, as: UInt32.self)))
                position += 4
                guard buffer.count - position >= length else {
                    throw ParquetError(.corruptData, "BYTE_ARRAY value of \(length) bytes runs past the page")
                }
                column.data.append(contentsOf: UnsafeRawBufferPointer(rebasing: buffer[position..<(position + length)]))
                column.offsets.append(column.data.count)
                position += length
            }
            return position
        case (.fixedLenByteArray, .fixedLenByteArray(var column)):
            guard typeLength > 0 else { throw ParquetError(.corruptMetadata, "FIXED_LEN_BYTE_ARRAY without a positive type_length") }
            guard buffer.count / typeLength >= count else { throw shortage("FIXED_LEN_BYTE_ARRAY", count) }
            values = .boolean([])
            let total = count * typeLength
            column.data.append(contentsOf: UnsafeRawBufferPointer(rebasing: buffer[0..<total]))
            var offset = column.offsets[column.offsets.count - 1]
            column.offsets.reserveCapacity(column.offsets.count + count)
            for _ in 0..<count {
                offset += typeLength
                column.offsets.append(offset)
            }
            values = .fixedLenByteArray(column)
            return total
        default:
            throw ParquetError(.corruptData, "PLAIN values of \(physicalType.name) do not match the column store")
        }
    }

    private static func shortage(_ type: String, _ count: Int) -> ParquetError {
        ParquetError(.corruptData, "page too short for \(count) PLAIN \(type) values")
    }

    private static func appendRaw<T: BitwiseCopyable & Numeric>(
        _ count: Int, _ buffer: UnsafeRawBufferPointer, _ array: inout [T], _ type: String
    ) throws -> Int {
        let stride = MemoryLayout<T>.stride
        guard buffer.count / stride >= count else { throw shortage(type, count) }
        let bytes = count * stride
        guard bytes > 0 else { return 0 }
        let start = array.count
        array.append(contentsOf: repeatElement(T.zero, count: count))
        // The platform is little-endian, like the format: copy the bytes as they are.
        array.withUnsafeMutableBytes { destination in
            (destination.baseAddress! + start * stride).copyMemory(from: buffer.baseAddress!, byteCount: bytes)
        }
        return bytes
    }
}
