/// The non-null values of one column, stored by physical type (the columnar fast path).
///
/// Logical types map as: date → `.int32`, timestamp → `.int64`, decimal → `.int32`/`.int64`/`.fixedLenByteArray`
/// by precision (big-endian two's complement), string/binary → `.byteArray`. INT96 is read as `.int64` microseconds.
package enum ParquetColumnValues: Sendable, Hashable {
    case boolean([Bool])
    case int32([Int32])
    case int64([Int64])
    case float([Float])
    case double([Double])
    case byteArray(ParquetByteArrayColumn)
    /// Fixed-width values; every value has the column's type length.
    case fixedLenByteArray(ParquetByteArrayColumn)

    /// Number of values.
    package var count: Int {
        switch self {
        case .boolean(let values): values.count
        case .int32(let values): values.count
        case .int64(let values): values.count
        case .float(let values): values.count
        case .double(let values): values.count
        case .byteArray(let values), .fixedLenByteArray(let values): values.count
        }
    }

    /// An empty store for `physicalType`.
    static func empty(for physicalType: ParquetPhysicalType) -> ParquetColumnValues {
        switch physicalType {
        case .boolean: .boolean([])
        case .int32: .int32([])
        case .int64, .int96: .int64([])
        case .float: .float([])
        case .double: .double([])
        case .byteArray: .byteArray(ParquetByteArrayColumn())
        case .fixedLenByteArray: .fixedLenByteArray(ParquetByteArrayColumn())
        }
    }

    /// Appends values `range` of `other` (same case).
    mutating func append(contentsOf other: ParquetColumnValues, range: Range<Int>) {
        switch (self, other) {
        case (.boolean(var mine), .boolean(let theirs)):
            self = .boolean([])
            mine.append(contentsOf: theirs[range])
            self = .boolean(mine)
        case (.int32(var mine), .int32(let theirs)):
            self = .int32([])
            mine.append(contentsOf: theirs[range])
            self = .int32(mine)
        case (.int64(var mine), .int64(let theirs)):
            self = .int64([])
            mine.append(contentsOf: theirs[range])
            self = .int64(mine)
        case (.float(var mine), .float(let theirs)):
            self = .float([])
            mine.append(contentsOf: theirs[range])
            self = .float(mine)
        case (.double(var mine), .double(let theirs)):
            self = .double([])
            mine.append(contentsOf: theirs[range])
            self = .double(mine)
        case (.byteArray(var mine), .byteArray(let theirs)):
            self = .boolean([])
            mine.append(contentsOf: theirs, range: range)
            self = .byteArray(mine)
        case (.fixedLenByteArray(var mine), .fixedLenByteArray(let theirs)):
            self = .boolean([])
            mine.append(contentsOf: theirs, range: range)
            self = .fixedLenByteArray(mine)
        default:
            preconditionFailure("appending mismatched column stores")
        }
    }
}
