/// Computes footer statistics (null_count, min_value/max_value in type order, legacy min/max where signed order
/// equals type order) for one column chunk.
enum ColumnStatisticsBuilder {
    /// Longest string/binary value kept as min/max; longer bounds are omitted rather than truncated.
    static let maxByteArrayBound = 64

    static func statistics(for column: ParquetColumnData, descriptor: ColumnDescriptor) -> ColumnStatistics {
        var stats = ColumnStatistics()
        stats.nullCount = Int64(column.nullCount)
        var bounds: (min: [UInt8], max: [UInt8])?
        var legacy = true
        switch column.values {
        case .boolean(let flags):
            if !flags.isEmpty {
                let hasTrue = flags.contains(true)
                let hasFalse = flags.contains(false)
                bounds = ([hasFalse ? 0 : 1], [hasTrue ? 1 : 0])
            }
        case .int32(let values):
            if let low = values.min(), let high = values.max() { bounds = (littleEndian(low), littleEndian(high)) }
        case .int64(let values):
            if let low = values.min(), let high = values.max() { bounds = (littleEndian(low), littleEndian(high)) }
        case .float(let values):
            if let (low, high) = floatingBounds(values) { bounds = (littleEndian(low.bitPattern), littleEndian(high.bitPattern)) }
        case .double(let values):
            if let (low, high) = floatingBounds(values) { bounds = (littleEndian(low.bitPattern), littleEndian(high.bitPattern)) }
        case .byteArray(let column):
            legacy = false
            if column.count > 0 {
                var minIndex = 0
                var maxIndex = 0
                column.data.withUnsafeBytes { data in
                    func slice(_ i: Int) -> UnsafeRawBufferPointer {
                        UnsafeRawBufferPointer(rebasing: data[column.offsets[i]..<column.offsets[i + 1]])
                    }
                    for i in 1..<column.count {
                        let value = slice(i)
                        if value.lexicographicallyPrecedes(slice(minIndex)) { minIndex = i }
                        if slice(maxIndex).lexicographicallyPrecedes(value) { maxIndex = i }
                    }
                }
                let low = Array(column[minIndex])
                let high = Array(column[maxIndex])
                if low.count <= maxByteArrayBound && high.count <= maxByteArrayBound { bounds = (low, high) }
            }
        case .fixedLenByteArray(let column):
            legacy = false
            if column.count > 0 {
                var low = DecimalBytes.int128(column[0])
                var high = low
                for i in 1..<column.count {
                    let value = DecimalBytes.int128(column[i])
                    low = Swift.min(low, value)
                    high = Swift.max(high, value)
                }
                let width = descriptor.typeLength
                bounds = (DecimalBytes.bigEndian(low, width: width), DecimalBytes.bigEndian(high, width: width))
            }
        }
        if let bounds {
            stats.minValue = bounds.min
            stats.maxValue = bounds.max
            stats.isMinValueExact = true
            stats.isMaxValueExact = true
            if legacy {
                stats.min = bounds.min
                stats.max = bounds.max
            }
        }
        return stats
    }

    private static func floatingBounds<F: BinaryFloatingPoint>(_ values: [F]) -> (F, F)? {
        var low: F?
        var high: F?
        for value in values where !value.isNaN {
            if low == nil || value < low! { low = value }
            if high == nil || value > high! { high = value }
        }
        guard var low, var high else { return nil }
        if low == 0 { low = -F.zero }
        if high == 0 { high = F.zero }
        return (low, high)
    }

    private static func littleEndian<T: FixedWidthInteger>(_ value: T) -> [UInt8] {
        withUnsafeBytes(of: value.littleEndian) { Array($0) }
    }
}
