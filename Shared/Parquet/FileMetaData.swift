/// The Thrift `FileMetaData` footer.
struct FileMetaData: Sendable {
    var version: Int32 = 1
    var schema: [SchemaElement] = []
    var numRows: Int64 = 0
    var rowGroups: [RowGroupMetaData] = []
    var createdBy: String?
    /// Number of `TYPE_ORDER` column orders to write (one per leaf when statistics are written).
    var typeOrderColumnCount = 0
    var isEncrypted = false

    static func decode(from reader: inout ThriftCompactReader) throws -> FileMetaData {
        var metadata = FileMetaData()
        var sawSchema = false
        try reader.readStruct { reader, header in
            switch header.id {
            case 1: metadata.version = try reader.i32(header)
            case 2:
                metadata.schema = try reader.structList(header) { try SchemaElement.decode(from: &$0) }
                sawSchema = true
            case 3: metadata.numRows = try reader.i64(header)
            case 4: metadata.rowGroups = try reader.structList(header) { try RowGroupMetaData.decode(from: &$0) }
            case 6: metadata.createdBy = try reader.string(header)
            case 8:
                metadata.isEncrypted = true
                try reader.skip(header.type)
            default: try reader.skip(header.type)
            }
        }
        guard sawSchema else { throw reader.corrupt("footer has no schema") }
        return metadata
    }

    func encode(to writer: inout ThriftCompactWriter) {
        writer.beginStruct()
        writer.field(1, i32: version)
        writer.listHeader(2, elementType: .structure, count: schema.count)
        for element in schema { element.encode(to: &writer) }
        writer.field(3, i64: numRows)
        writer.listHeader(4, elementType: .structure, count: rowGroups.count)
        for group in rowGroups { group.encode(to: &writer) }
        if let createdBy { writer.field(6, string: createdBy) }
        if typeOrderColumnCount > 0 {
            writer.listHeader(7, elementType: .structure, count: typeOrderColumnCount)
            for _ in 0..<typeOrderColumnCount {
                writer.beginStruct()
                writer.beginStructField(1)
                writer.endStruct()
                writer.endStruct()
            }
        }
        writer.endStruct()
    }
}
