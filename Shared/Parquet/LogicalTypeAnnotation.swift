/// The `LogicalType` union of a SchemaElement, as stored.
enum LogicalTypeAnnotation: Sendable, Hashable {
    case string, map, list, enumeration, json, bson, uuid, float16, unknown, variant, date
    case decimal(scale: Int32, precision: Int32)
    /// unit: 1 millis, 2 micros, 3 nanos.
    case time(isAdjustedToUTC: Bool, unit: Int)
    case timestamp(isAdjustedToUTC: Bool, unit: Int)
    case integer(bitWidth: Int8, isSigned: Bool)
    /// A union member this reader does not know (treated as the physical type).
    case other(id: Int16)

    static func decode(from reader: inout ThriftCompactReader) throws -> LogicalTypeAnnotation {
        var result: LogicalTypeAnnotation = .other(id: 0)
        try reader.readStruct { reader, header in
            switch (header.id, header.type) {
            case (1, .structure): try reader.skip(.structure); result = .string
            case (2, .structure): try reader.skip(.structure); result = .map
            case (3, .structure): try reader.skip(.structure); result = .list
            case (4, .structure): try reader.skip(.structure); result = .enumeration
            case (5, .structure):
                var scale: Int32 = 0
                var precision: Int32 = 0
                try reader.readStruct { reader, field in
                    switch field.id {
                    case 1: scale = try reader.i32(field)
                    case 2: precision = try reader.i32(field)
                    default: try reader.skip(field.type)
                    }
                }
                result = .decimal(scale: scale, precision: precision)
            case (6, .structure): try reader.skip(.structure); result = .date
            case (7, .structure), (8, .structure):
                var utc = false
                var unit = 0
                try reader.readStruct { reader, field in
                    switch field.id {
                    case 1: utc = try reader.bool(field)
                    case 2: unit = try Self.decodeTimeUnit(&reader, field)
                    default: try reader.skip(field.type)
                    }
                }
                result = header.id == 7 ? .time(isAdjustedToUTC: utc, unit: unit) : .timestamp(isAdjustedToUTC: utc, unit: unit)
            case (10, .structure):
                var width: Int8 = 0
                var signed = true
                try reader.readStruct { reader, field in
                    switch field.id {
                    case 1:
                        guard field.type == .byte else { throw reader.corrupt("IntType.bitWidth should be a byte") }
                        width = Int8(bitPattern: try reader.readByte())
                    case 2: signed = try reader.bool(field)
                    default: try reader.skip(field.type)
                    }
                }
                result = .integer(bitWidth: width, isSigned: signed)
            case (11, .structure): try reader.skip(.structure); result = .unknown
            case (12, .structure): try reader.skip(.structure); result = .json
            case (13, .structure): try reader.skip(.structure); result = .bson
            case (14, .structure): try reader.skip(.structure); result = .uuid
            case (15, .structure): try reader.skip(.structure); result = .float16
            case (16, .structure): try reader.skip(.structure); result = .variant
            default:
                try reader.skip(header.type)
                result = .other(id: header.id)
            }
        }
        return result
    }

    private static func decodeTimeUnit(_ reader: inout ThriftCompactReader, _ header: ThriftCompactReader.FieldHeader) throws -> Int {
        guard header.type == .structure else { throw reader.corrupt("TimeUnit should be a struct") }
        var unit = 0
        try reader.readStruct { reader, field in
            if (1...3).contains(field.id) { unit = Int(field.id) }
            try reader.skip(field.type)
        }
        return unit
    }

    func encode(to writer: inout ThriftCompactWriter) {
        writer.beginStruct()
        switch self {
        case .string: emptyStruct(1, &writer)
        case .date: emptyStruct(6, &writer)
        case .decimal(let scale, let precision):
            writer.beginStructField(5)
            writer.field(1, i32: scale)
            writer.field(2, i32: precision)
            writer.endStruct()
        case .timestamp(let utc, let unit), .time(let utc, let unit):
            writer.beginStructField(self.isTime ? 7 : 8)
            writer.field(1, bool: utc)
            writer.beginStructField(2)
            emptyStruct(Int16(unit), &writer)
            writer.endStruct()
            writer.endStruct()
        default: break  // the writer only emits the annotations above
        }
        writer.endStruct()
    }

    private var isTime: Bool {
        if case .time = self { return true }
        return false
    }

    private func emptyStruct(_ id: Int16, _ writer: inout ThriftCompactWriter) {
        writer.beginStructField(id)
        writer.endStruct()
    }
}
