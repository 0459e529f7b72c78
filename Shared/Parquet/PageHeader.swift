/// A Thrift `PageHeader` with whichever of the data / dictionary / data v2 headers it carries.
struct PageHeader: Sendable {
    var type: Int32 = 0
    var uncompressedPageSize: Int32 = 0
    var compressedPageSize: Int32 = 0
    var crc: Int32?
    // DataPageHeader (v1) and DataPageHeaderV2 share these.
    var numValues: Int32 = 0
    var encoding: Int32 = 0
    var definitionLevelEncoding: Int32 = PageEncoding.rle
    var repetitionLevelEncoding: Int32 = PageEncoding.rle
    // DataPageHeaderV2 only.
    var numNulls: Int32 = 0
    var numRows: Int32 = 0
    var definitionLevelsByteLength: Int32 = 0
    var repetitionLevelsByteLength: Int32 = 0
    var isCompressed = true
    var hasTypeHeader = false

    static func decode(from reader: inout ThriftCompactReader) throws -> PageHeader {
        var page = PageHeader()
        var sawType = false
        var sawSizes = 0
        try reader.readStruct { reader, header in
            switch header.id {
            case 1: page.type = try reader.i32(header); sawType = true
            case 2: page.uncompressedPageSize = try reader.i32(header); sawSizes += 1
            case 3: page.compressedPageSize = try reader.i32(header); sawSizes += 1
            case 4: page.crc = try reader.i32(header)
            case 5, 7, 8:
                guard header.type == .structure else { throw reader.corrupt("page sub-header should be a struct") }
                try page.decodeSubHeader(header.id, from: &reader)
                page.hasTypeHeader = true
            default: try reader.skip(header.type)
            }
        }
        guard sawType, sawSizes == 2 else { throw reader.corrupt("page header lacks required fields") }
        guard page.uncompressedPageSize >= 0, page.compressedPageSize >= 0 else {
            throw reader.corrupt("negative page size")
        }
        return page
    }

    private mutating func decodeSubHeader(_ id: Int16, from reader: inout ThriftCompactReader) throws {
        try reader.readStruct { reader, header in
            switch (id, header.id) {
            case (5, 1), (7, 1), (8, 1): numValues = try reader.i32(header)
            case (5, 2), (7, 2), (8, 4): encoding = try reader.i32(header)
            case (5, 3): definitionLevelEncoding = try reader.i32(header)
            case (5, 4): repetitionLevelEncoding = try reader.i32(header)
            case (8, 2): numNulls = try reader.i32(header)
            case (8, 3): numRows = try reader.i32(header)
            case (8, 5): definitionLevelsByteLength = try reader.i32(header)
            case (8, 6): repetitionLevelsByteLength = try reader.i32(header)
            case (8, 7): isCompressed = try reader.bool(header)
            default: try reader.skip(header.type)
            }
        }
        guard numValues >= 0, numNulls >= 0, numRows >= 0, definitionLevelsByteLength >= 0,
            repetitionLevelsByteLength >= 0
        else { throw reader.corrupt("negative count in page header") }
    }

    /// Encodes a v1 data page header or a dictionary page header, depending on `type`.
    func encode(to writer: inout ThriftCompactWriter) {
        writer.beginStruct()
        writer.field(1, i32: type)
        writer.field(2, i32: uncompressedPageSize)
        writer.field(3, i32: compressedPageSize)
        if let crc { writer.field(4, i32: crc) }
        if type == PageType.dictionaryPage {
            writer.beginStructField(7)
            writer.field(1, i32: numValues)
            writer.field(2, i32: PageEncoding.plain)
            writer.endStruct()
        } else {
            writer.beginStructField(5)
            writer.field(1, i32: numValues)
            writer.field(2, i32: encoding)
            writer.field(3, i32: PageEncoding.rle)
            writer.field(4, i32: PageEncoding.rle)
            writer.endStruct()
        }
        writer.endStruct()
    }
}
