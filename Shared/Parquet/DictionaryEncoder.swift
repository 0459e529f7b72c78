/// Builds the dictionary of one column chunk and maps values to dictionary indices.
struct DictionaryEncoder {
    private enum Store {
        case int32(IntegerHashTable<Int32>)
        case int64(IntegerHashTable<Int64>)
        case bytes(ByteArrayHashTable, isFixed: Bool)
    }

    private var store: Store
    /// Size of the PLAIN-encoded dictionary page so far.
    private(set) var byteSize = 0

    /// A dictionary for `physicalType`, or `nil` when the type is always written PLAIN (booleans, floats).
    init?(physicalType: ParquetPhysicalType) {
        switch physicalType {
        case .int32: store = .int32(IntegerHashTable())
        case .int64: store = .int64(IntegerHashTable())
        case .byteArray: store = .bytes(ByteArrayHashTable(), isFixed: false)
        case .fixedLenByteArray: store = .bytes(ByteArrayHashTable(), isFixed: true)
        default: return nil
        }
    }

    var count: Int {
        switch store {
        case .int32(let table): table.count
        case .int64(let table): table.count
        case .bytes(let table, _): table.count
        }
    }

    /// Dictionary indices of `values[range]`, adding new entries.
    mutating func indices(of values: ParquetColumnValues, range: Range<Int>) -> [UInt32] {
        var result = [UInt32]()
        result.reserveCapacity(range.count)
        switch (store, values) {
        case (.int32(var table), .int32(let array)):
            store = .int32(IntegerHashTable(capacity: 1))
            for i in range { result.append(table.index(of: array[i])) }
            byteSize = table.count * 4
            store = .int32(table)
        case (.int64(var table), .int64(let array)):
            store = .int64(IntegerHashTable(capacity: 1))
            for i in range { result.append(table.index(of: array[i])) }
            byteSize = table.count * 8
            store = .int64(table)
        case (.bytes(var table, let isFixed), .byteArray(let column)), (.bytes(var table, let isFixed), .fixedLenByteArray(let column)):
            store = .int32(IntegerHashTable(capacity: 1))
            column.data.withUnsafeBytes { data in
                for i in range {
                    let slice = UnsafeRawBufferPointer(rebasing: data[column.offsets[i]..<column.offsets[i + 1]])
                    result.append(table.index(of: slice))
                }
            }
            byteSize = table.entries.data.count + (isFixed ? 0 : 4 * table.count)
            store = .bytes(table, isFixed: isFixed)
        default:
            preconditionFailure("dictionary store does not match the column values")
        }
        return result
    }

    /// The dictionary entries as a value store (for the PLAIN dictionary page).
    var entries: ParquetColumnValues {
        switch store {
        case .int32(let table): .int32(table.entries)
        case .int64(let table): .int64(table.entries)
        case .bytes(let table, let isFixed): isFixed ? .fixedLenByteArray(table.entries) : .byteArray(table.entries)
        }
    }
}
