extension ParquetWriter {
    /// Writes `columns` as one row group of its own, encoding them as given (no copy into the writer's buffers):
    /// the columnar fast path for a caller that assembles whole row groups itself. Rows buffered by earlier
    /// `write(row:)` or `write(columns:)` calls are flushed first, as their own row group.
    ///
    /// `columns` has one entry per schema column, all with the same row count (at most
    /// `options.rowGroupRowLimit`; zero writes nothing), checked as `write(columns:)` checks them.
    package func writeRowGroup(columns: [ParquetColumnData]) throws {
        guard handle != nil else { throw ParquetError(.closed, "writer already closed", file: path) }
        guard columns.count == descriptors.count else {
            throw ParquetError(.schemaMismatch, "batch has \(columns.count) columns, schema has \(descriptors.count)", file: path)
        }
        let rowCount = columns.first?.rowCount ?? 0
        guard rowCount <= options.rowGroupRowLimit else {
            throw ParquetError(
                .invalidValue, "row group of \(rowCount) rows exceeds the limit of \(options.rowGroupRowLimit)", file: path)
        }
        for (column, descriptor) in zip(columns, descriptors) {
            try validate(column, descriptor, rowCount: rowCount)
        }
        guard rowCount > 0 else { return }
        if bufferedRows > 0 { try flushRowGroup() }
        // As the buffers hold them: levels for optional columns only.
        buffers = zip(columns, descriptors).map { column, descriptor in
            var column = column
            if !descriptor.isOptional {
                column.validity = nil
            } else if column.validity == nil {
                column.validity = Array(repeating: true, count: rowCount)
            }
            return column
        }
        bufferedRows = rowCount
        try flushRowGroup()
    }
}
