/// `ColumnChunk` with its `ColumnMetaData` flattened in (flat schemas only need the fields below).
struct ColumnChunkMetaData: Sendable {
    var type: Int32 = 0
    var encodings: [Int32] = []
    var pathInSchema: [String] = []
    var codec: Int32 = 0
    var numValues: Int64 = 0
    var totalUncompressedSize: Int64 = 0
    var totalCompressedSize: Int64 = 0
    var dataPageOffset: Int64 = 0
    var dictionaryPageOffset: Int64?
    var statistics: ColumnStatistics?
    var hasMetaData = false
    var isEncrypted = false

    /// Decodes a `ColumnChunk` struct.
    static func decode(from reader: inout ThriftCompactReader) throws -> ColumnChunkMetaData {
        var chunk = ColumnChunkMetaData()
        try reader.readStruct { reader, header in
            switch header.id {
            case 3:
                guard header.type == .structure else { throw reader.corrupt("meta_data should be a struct") }
                try chunk.decodeMetaData(from: &reader)
                chunk.hasMetaData = true
            case 8, 9:
                chunk.isEncrypted = true
                try reader.skip(header.type)
            default: try reader.skip(header.type)
            }
        }
        return chunk
    }

    private mutating func decodeMetaData(from reader: inout ThriftCompactReader) throws {
        try reader.readStruct { reader, header in
            switch header.id {
            case 1: type = try reader.i32(header)
            case 2: encodings = try reader.i32List(header)
            case 3: pathInSchema = try reader.stringList(header)
            case 4: codec = try reader.i32(header)
            case 5: numValues = try reader.i64(header)
            case 6: totalUncompressedSize = try reader.i64(header)
            case 7: totalCompressedSize = try reader.i64(header)
            case 9: dataPageOffset = try reader.i64(header)
            case 11: dictionaryPageOffset = try reader.i64(header)
            case 12:
                guard header.type == .structure else { throw reader.corrupt("statistics should be a struct") }
                statistics = try ColumnStatistics.decode(from: &reader)
            default: try reader.skip(header.type)
            }
        }
    }

    /// Encodes a `ColumnChunk` struct (file_offset 0, as the spec now recommends).
    func encode(to writer: inout ThriftCompactWriter) {
        writer.beginStruct()
        writer.field(2, i64: 0)
        writer.beginStructField(3)
        writer.field(1, i32: type)
        writer.listHeader(2, elementType: .i32, count: encodings.count)
        for encoding in encodings { writer.listElement(i32: encoding) }
        writer.listHeader(3, elementType: .binary, count: pathInSchema.count)
        for part in pathInSchema { writer.listElement(string: part) }
        writer.field(4, i32: codec)
        writer.field(5, i64: numValues)
        writer.field(6, i64: totalUncompressedSize)
        writer.field(7, i64: totalCompressedSize)
        writer.field(9, i64: dataPageOffset)
        if let dictionaryPageOffset { writer.field(11, i64: dictionaryPageOffset) }
        if let statistics {
            writer.fieldHeader(12, .structure)
            statistics.encode(to: &writer)
        }
        writer.endStruct()
        writer.endStruct()
    }
}
