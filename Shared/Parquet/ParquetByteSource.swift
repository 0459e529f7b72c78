/// Where a reader's bytes come from: a local file (positional reads) or an in-memory object.
enum ParquetByteSource: Sendable {
    case file(ParquetFileHandle)
    case memory([UInt8])

    /// Reads `count` bytes at `offset`; the caller has bounds-checked against the size.
    func read(offset: Int, count: Int) throws -> [UInt8] {
        switch self {
        case .file(let handle):
            return try handle.read(offset: offset, count: count)
        case .memory(let bytes):
            return Array(bytes[offset..<(offset + count)])
        }
    }
}
