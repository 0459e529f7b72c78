import Parquet
import PipelineRuntime

/// Parses PostgreSQL's binary COPY stream (`COPY … TO STDOUT (FORMAT binary)`) message by message.
///
/// Stream layout: the 11-byte signature `PGCOPY\n\xff\r\n\0`, a 32-bit flags field, a 32-bit header-extension
/// length and extension; then per tuple a 16-bit field count and, per field, a 32-bit length (-1 = NULL) and
/// the bytes; finally a field count of -1. Each data message carries whole tuples (the header rides on the
/// first), so every message is decoded on its own.
struct BinaryCopyDecoder {
    static let signature: [UInt8] = [0x50, 0x47, 0x43, 0x4F, 0x50, 0x59, 0x0A, 0xFF, 0x0D, 0x0A, 0x00]

    let table: String
    /// One buffer per column, filled in place.
    private var columns: [BronzeColumnBuffer]
    private(set) var sawHeader = false
    private(set) var sawTrailer = false
    private(set) var rows = 0

    init(table: String, columns: [BronzeColumnBuffer]) {
        self.table = table
        self.columns = columns
    }

    /// Decodes every tuple in `message` into the column buffers; returns the number of tuples.
    @discardableResult
    mutating func decode(_ message: UnsafeRawBufferPointer) throws -> Int {
        var offset = 0
        if !sawHeader {
            guard message.count >= 19, Array(message[0..<11]) == Self.signature else { throw malformed("bad signature") }
            let flags = UInt32(bigEndian: message.loadUnaligned(fromByteOffset: 11, as: UInt32.self))
            guard flags & 0x0001_0000 == 0 else { throw malformed("OIDs are not expected") }
            let extensionLength = Int(UInt32(bigEndian: message.loadUnaligned(fromByteOffset: 15, as: UInt32.self)))
            offset = 19 + extensionLength
            guard offset <= message.count else { throw malformed("truncated header") }
            sawHeader = true
        }
        var decoded = 0
        while offset < message.count {
            guard !sawTrailer else { throw malformed("data after the trailer") }
            guard offset + 2 <= message.count else { throw malformed("truncated tuple") }
            let fieldCount = Int(Int16(bitPattern: UInt16(bigEndian: message.loadUnaligned(fromByteOffset: offset, as: UInt16.self))))
            offset += 2
            if fieldCount == -1 {
                sawTrailer = true
                continue
            }
            guard fieldCount == columns.count else { throw malformed("tuple has \(fieldCount) fields, expected \(columns.count)") }
            let table = self.table
            offset = try columns.withUnsafeMutableBufferPointer { buffers in
                var offset = offset
                for index in buffers.indices {
                    guard offset + 4 <= message.count else { throw Self.malformed("truncated field", table: table) }
                    let length = Int(Int32(bitPattern: UInt32(bigEndian: message.loadUnaligned(fromByteOffset: offset, as: UInt32.self))))
                    offset += 4
                    if length == -1 {
                        try buffers[index].appendNull()
                        continue
                    }
                    guard length >= 0, offset + length <= message.count else { throw Self.malformed("truncated field", table: table) }
                    try buffers[index].append(UnsafeRawBufferPointer(rebasing: message[offset..<(offset + length)]))
                    offset += length
                }
                return offset
            }
            decoded += 1
        }
        rows += decoded
        return decoded
    }

    /// Hands every column's buffered values over as one chunk and starts empty again.
    mutating func takeChunk() -> [ParquetColumnData] {
        columns.withUnsafeMutableBufferPointer { buffers in buffers.indices.map { buffers[$0].take() } }
    }

    private func malformed(_ what: String) -> StageError { Self.malformed(what, table: table) }

    private static func malformed(_ what: String, table: String) -> StageError {
        StageError("source_decode_failed", "table \(table): malformed binary COPY stream (\(what))")
    }
}
