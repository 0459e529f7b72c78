/// Expands dictionary indices into values.
enum DictionaryGather {
    /// Appends `dictionary[index]` for each index; throws `corruptData` for an index out of range.
    static func append(_ indices: [UInt32], from dictionary: ParquetColumnValues, into values: inout ParquetColumnValues) throws {
        let size = dictionary.count
        for index in indices where Int(index) >= size {
            throw ParquetError(.corruptData, "dictionary index \(index) out of range (dictionary has \(size) entries)")
        }
        switch (dictionary, values) {
        case (.boolean(let entries), .boolean(var array)):
            values = .boolean([]); for i in indices { array.append(entries[Int(i)]) }; values = .boolean(array)
        case (.int32(let entries), .int32(var array)):
            values = .boolean([])
            array.reserveCapacity(array.count + indices.count)
            entries.withUnsafeBufferPointer { e in for i in indices { array.append(e[Int(i)]) } }
            values = .int32(array)
        case (.int64(let entries), .int64(var array)):
            values = .boolean([])
            array.reserveCapacity(array.count + indices.count)
            entries.withUnsafeBufferPointer { e in for i in indices { array.append(e[Int(i)]) } }
            values = .int64(array)
        case (.float(let entries), .float(var array)):
            values = .boolean([]); for i in indices { array.append(entries[Int(i)]) }; values = .float(array)
        case (.double(let entries), .double(var array)):
            values = .boolean([]); for i in indices { array.append(entries[Int(i)]) }; values = .double(array)
        case (.byteArray(let entries), .byteArray(var column)):
            values = .boolean([])
            gatherBytes(indices, entries, &column)
            values = .byteArray(column)
        case (.fixedLenByteArray(let entries), .fixedLenByteArray(var column)):
            values = .boolean([])
            gatherBytes(indices, entries, &column)
            values = .fixedLenByteArray(column)
        default:
            throw ParquetError(.corruptData, "dictionary type does not match the column")
        }
    }

    private static func gatherBytes(_ indices: [UInt32], _ entries: ParquetByteArrayColumn, _ column: inout ParquetByteArrayColumn) {
        var total = 0
        for i in indices { total += entries.length(Int(i)) }
        column.reserve(values: indices.count, bytes: total)
        entries.data.withUnsafeBufferPointer { data in
            entries.offsets.withUnsafeBufferPointer { offsets in
                for i in indices {
                    let index = Int(i)
                    column.data.append(contentsOf: UnsafeBufferPointer(rebasing: data[offsets[index]..<offsets[index + 1]]))
                    column.offsets.append(column.data.count)
                }
            }
        }
    }
}
