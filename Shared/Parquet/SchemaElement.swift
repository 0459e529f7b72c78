/// One `SchemaElement` of the footer's flattened schema tree.
struct SchemaElement: Sendable {
    var type: Int32?
    var typeLength: Int32?
    var repetition: Int32?
    var name: String = ""
    var numChildren: Int32?
    var convertedType: Int32?
    var scale: Int32?
    var precision: Int32?
    var fieldID: Int32?
    var logicalType: LogicalTypeAnnotation?

    static func decode(from reader: inout ThriftCompactReader) throws -> SchemaElement {
        var element = SchemaElement()
        try reader.readStruct { reader, header in
            switch header.id {
            case 1: element.type = try reader.i32(header)
            case 2: element.typeLength = try reader.i32(header)
            case 3: element.repetition = try reader.i32(header)
            case 4: element.name = try reader.string(header)
            case 5: element.numChildren = try reader.i32(header)
            case 6: element.convertedType = try reader.i32(header)
            case 7: element.scale = try reader.i32(header)
            case 8: element.precision = try reader.i32(header)
            case 9: element.fieldID = try reader.i32(header)
            case 10:
                guard header.type == .structure else { throw reader.corrupt("logicalType should be a struct") }
                element.logicalType = try LogicalTypeAnnotation.decode(from: &reader)
            default: try reader.skip(header.type)
            }
        }
        return element
    }

    func encode(to writer: inout ThriftCompactWriter) {
        writer.beginStruct()
        if let type { writer.field(1, i32: type) }
        if let typeLength { writer.field(2, i32: typeLength) }
        if let repetition { writer.field(3, i32: repetition) }
        writer.field(4, string: name)
        if let numChildren { writer.field(5, i32: numChildren) }
        if let convertedType { writer.field(6, i32: convertedType) }
        if let scale { writer.field(7, i32: scale) }
        if let precision { writer.field(8, i32: precision) }
        if let fieldID { writer.field(9, i32: fieldID) }
        if let logicalType {
            writer.fieldHeader(10, .structure)
            logicalType.encode(to: &writer)
        }
        writer.endStruct()
    }
}
