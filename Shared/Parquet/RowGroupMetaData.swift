/// A `RowGroup` of the footer.
struct RowGroupMetaData: Sendable {
    var columns: [ColumnChunkMetaData] = []
    var totalByteSize: Int64 = 0
    var numRows: Int64 = 0
    var fileOffset: Int64?
    var totalCompressedSize: Int64?
    var ordinal: Int16?

    static func decode(from reader: inout ThriftCompactReader) throws -> RowGroupMetaData {
        var group = RowGroupMetaData()
        try reader.readStruct { reader, header in
            switch header.id {
            case 1: group.columns = try reader.structList(header) { try ColumnChunkMetaData.decode(from: &$0) }
            case 2: group.totalByteSize = try reader.i64(header)
            case 3: group.numRows = try reader.i64(header)
            default: try reader.skip(header.type)
            }
        }
        return group
    }

    func encode(to writer: inout ThriftCompactWriter) {
        writer.beginStruct()
        writer.listHeader(1, elementType: .structure, count: columns.count)
        for column in columns { column.encode(to: &writer) }
        writer.field(2, i64: totalByteSize)
        writer.field(3, i64: numRows)
        if let fileOffset { writer.field(5, i64: fileOffset) }
        if let totalCompressedSize { writer.field(6, i64: totalCompressedSize) }
        if let ordinal { writer.field(7, i16: ordinal) }
        writer.endStruct()
    }
}
