import Testing

@testable import Parquet

@Suite struct ThriftCompactTests {
    @Test func readsLongFormFieldIDsAndSkipsUnknownFields() throws {
        // LogicalType union with member 2555 (long-form header 0c f6 27, PARQUET.md §2), an empty struct.
        let bytes: [UInt8] = [0x0C, 0xF6, 0x27, 0x00, 0x00]
        let annotation = try bytes.withUnsafeBytes { raw in
            var reader = ThriftCompactReader(raw)
            return try LogicalTypeAnnotation.decode(from: &reader)
        }
        #expect(annotation == .other(id: 2555))
    }

    @Test func roundTripsThePageHeader() throws {
        var header = PageHeader()
        header.type = PageType.dataPage
        header.uncompressedPageSize = 30
        header.compressedPageSize = 30
        header.numValues = 4
        header.encoding = PageEncoding.plain
        var writer = ThriftCompactWriter()
        header.encode(to: &writer)
        #expect(Array(writer.bytes.prefix(6)) == [0x15, 0x00, 0x15, 0x3C, 0x15, 0x3C])
        let decoded = try writer.bytes.withUnsafeBytes { raw in
            var reader = ThriftCompactReader(raw)
            return try PageHeader.decode(from: &reader)
        }
        #expect(decoded.numValues == 4 && decoded.compressedPageSize == 30 && decoded.encoding == PageEncoding.plain)
    }

    @Test func rejectsHostileListSizesAndDeepNesting() {
        let hugeList: [UInt8] = [0x19, 0xFC, 0xFF, 0xFF, 0xFF, 0x0F]  // field 1: list of 2^32 structs
        #expect(throws: ParquetError.self) {
            try hugeList.withUnsafeBytes { raw in
                var reader = ThriftCompactReader(raw)
                _ = try FileMetaData.decode(from: &reader)
            }
        }
        let deep = [UInt8](repeating: 0x1C, count: 500)  // struct in struct in struct…
        #expect(throws: ParquetError.self) {
            try deep.withUnsafeBytes { raw in
                var reader = ThriftCompactReader(raw)
                _ = try FileMetaData.decode(from: &reader)
            }
        }
    }
}
