import Dispatch

extension ParquetWriter {
    /// Encodes the buffered rows as one row group (columns encoded in parallel) and appends it to the file.
    func flushRowGroup() throws {
        guard let handle, bufferedRows > 0 else { return }
        let columns = buffers
        buffers = descriptors.map { ParquetColumnData(empty: $0) }
        let rows = bufferedRows
        bufferedRows = 0
        let encoded = try ParallelColumnMap.map(count: descriptors.count) { index in
            let writer = ColumnChunkWriter(descriptor: descriptors[index], options: options, codec: codec)
            do {
                return try writer.encode(columns[index])
            } catch let error as ParquetError {
                throw error.with(file: path, column: descriptors[index].name)
            }
        }
        var group = RowGroupMetaData()
        group.numRows = Int64(rows)
        group.fileOffset = Int64(bytesWritten)
        group.ordinal = Int16(truncatingIfNeeded: rowGroups.count)
        var compressed: Int64 = 0
        for chunk in encoded {
            var metadata = chunk.metadata
            let base = bytesWritten
            metadata.dataPageOffset = Int64(base + chunk.dataPageOffset)
            metadata.dictionaryPageOffset = chunk.dictionaryPageOffset.map { Int64(base + $0) }
            try handle.write(chunk.bytes)
            bytesWritten += chunk.bytes.count
            compressed += metadata.totalCompressedSize
            group.totalByteSize += metadata.totalUncompressedSize
            group.columns.append(metadata)
        }
        group.totalCompressedSize = compressed
        rowGroups.append(group)
        totalRows += rows
    }
}
