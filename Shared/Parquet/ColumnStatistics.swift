/// The `Statistics` struct of a column chunk or page.
struct ColumnStatistics: Sendable {
    var max: [UInt8]?
    var min: [UInt8]?
    var nullCount: Int64?
    var distinctCount: Int64?
    var maxValue: [UInt8]?
    var minValue: [UInt8]?
    var isMaxValueExact: Bool?
    var isMinValueExact: Bool?

    static func decode(from reader: inout ThriftCompactReader) throws -> ColumnStatistics {
        var stats = ColumnStatistics()
        try reader.readStruct { reader, header in
            switch header.id {
            case 1: stats.max = try reader.binary(header)
            case 2: stats.min = try reader.binary(header)
            case 3: stats.nullCount = try reader.i64(header)
            case 4: stats.distinctCount = try reader.i64(header)
            case 5: stats.maxValue = try reader.binary(header)
            case 6: stats.minValue = try reader.binary(header)
            case 7: stats.isMaxValueExact = try reader.bool(header)
            case 8: stats.isMinValueExact = try reader.bool(header)
            default: try reader.skip(header.type)
            }
        }
        return stats
    }

    func encode(to writer: inout ThriftCompactWriter) {
        writer.beginStruct()
        if let max { writer.field(1, binary: max) }
        if let min { writer.field(2, binary: min) }
        if let nullCount { writer.field(3, i64: nullCount) }
        if let distinctCount { writer.field(4, i64: distinctCount) }
        if let maxValue { writer.field(5, binary: maxValue) }
        if let minValue { writer.field(6, binary: minValue) }
        if let isMaxValueExact { writer.field(7, bool: isMaxValueExact) }
        if let isMinValueExact { writer.field(8, bool: isMinValueExact) }
        writer.endStruct()
    }
}
