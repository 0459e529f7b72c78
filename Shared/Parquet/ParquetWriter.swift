/// Writes a flat Parquet file row group by row group. Memory is bounded by one row group's buffered values.
///
/// Rows are validated as they arrive (arity, type, nullability; errors name the column). `close()` writes the
/// footer, fsyncs and closes; a writer dropped without `close()` leaves an unreadable file, so write to a
/// temporary path and rename after `close()`.
package final class ParquetWriter {
    /// The schema rows must follow.
    package let schema: ParquetSchema
    /// The options in effect.
    package let options: ParquetWriterOptions

    let descriptors: [ColumnDescriptor]
    let codec: PageCodec
    var handle: ParquetFileHandle?
    var buffers: [ParquetColumnData]
    var bufferedRows = 0
    var bytesWritten = 0
    var totalRows = 0
    var rowGroups: [RowGroupMetaData] = []
    let path: String

    /// Creates or truncates `path` and writes the leading magic.
    package init(path: String, schema: ParquetSchema, options: ParquetWriterOptions = .init()) throws {
        self.path = path
        self.schema = schema
        self.options = options
        var seen = Set<String>()
        for column in schema.columns {
            guard seen.insert(column.name.lowercased()).inserted else {
                throw ParquetError(.schemaMismatch, "duplicate column name (names are compared case-insensitively)", file: path, column: column.name)
            }
        }
        do {
            descriptors = try schema.columns.map { try ColumnDescriptor(writing: $0) }
        } catch let error as ParquetError {
            throw error.with(file: path)
        }
        codec = PageCodec(options.compression)
        buffers = descriptors.map { ParquetColumnData(empty: $0) }
        let handle = try ParquetFileHandle.create(path: path)
        self.handle = handle
        try handle.write(ParquetMagic.bytes)
        bytesWritten = 4
    }

    /// Appends one row in schema order.
    package func write(row: [ParquetValue]) throws {
        try ensureOpen()
        guard row.count == descriptors.count else {
            throw ParquetError(.schemaMismatch, "row has \(row.count) values, schema has \(descriptors.count) columns", file: path)
        }
        for (value, descriptor) in zip(row, descriptors) {
            do {
                try ParquetColumnData.validate(value, for: descriptor)
            } catch let error as ParquetError {
                throw error.with(file: path)
            }
        }
        for index in descriptors.indices {
            buffers[index].append(row[index], descriptor: descriptors[index])
        }
        bufferedRows += 1
        if bufferedRows >= options.rowGroupRowLimit || (bufferedRows % 1024 == 0 && bufferedByteSize >= options.rowGroupByteLimit) {
            try flushRowGroup()
        }
    }

    /// Appends rows in schema order.
    package func write(rows: some Sequence<[ParquetValue]>) throws {
        for row in rows { try write(row: row) }
    }

    /// Appends a batch of rows given column by column (the fast path): one `ParquetColumnData` per schema column,
    /// all with the same row count, values stored as `ParquetColumnValues` documents for each logical type.
    package func write(columns: [ParquetColumnData]) throws {
        try ensureOpen()
        guard columns.count == descriptors.count else {
            throw ParquetError(.schemaMismatch, "batch has \(columns.count) columns, schema has \(descriptors.count)", file: path)
        }
        let rowCount = columns.first?.rowCount ?? 0
        for (column, descriptor) in zip(columns, descriptors) {
            try validate(column, descriptor, rowCount: rowCount)
        }
        var valueStarts = [Int](repeating: 0, count: columns.count)
        var row = 0
        while row < rowCount {
            let take = min(rowCount - row, options.rowGroupRowLimit - bufferedRows)
            for index in columns.indices {
                valueStarts[index] = buffers[index].appendRows(of: columns[index], rows: row..<(row + take), valueStart: valueStarts[index])
            }
            row += take
            bufferedRows += take
            if bufferedRows >= options.rowGroupRowLimit || bufferedByteSize >= options.rowGroupByteLimit {
                try flushRowGroup()
            }
        }
    }

    /// Flushes buffered rows, writes the footer, fsyncs and closes the file. Zero rows give a valid file with no
    /// row groups.
    package func close() throws -> ParquetFileSummary {
        guard let handle else { throw ParquetError(.closed, "writer already closed", file: path) }
        if bufferedRows > 0 { try flushRowGroup() }
        var metadata = FileMetaData()
        metadata.version = 1
        metadata.schema = [rootElement] + descriptors.map(\.schemaElement)
        metadata.numRows = Int64(totalRows)
        metadata.rowGroups = rowGroups
        metadata.createdBy = options.createdBy
        metadata.typeOrderColumnCount = options.writeStatistics ? descriptors.count : 0
        var thrift = ThriftCompactWriter()
        metadata.encode(to: &thrift)
        var tail = thrift.bytes
        withUnsafeBytes(of: UInt32(thrift.bytes.count).littleEndian) { tail.append(contentsOf: $0) }
        tail.append(contentsOf: ParquetMagic.bytes)
        try handle.write(tail)
        bytesWritten += tail.count
        try handle.sync()
        self.handle = nil
        try handle.close()
        return ParquetFileSummary(rows: totalRows, bytes: bytesWritten, rowGroups: rowGroups.count)
    }

    private var rootElement: SchemaElement {
        var root = SchemaElement()
        root.name = "schema"
        root.repetition = FieldRepetition.required
        root.numChildren = Int32(descriptors.count)
        return root
    }

    private var bufferedByteSize: Int {
        buffers.reduce(0) { $0 + $1.estimatedByteSize }
    }

    private func ensureOpen() throws {
        guard handle != nil else { throw ParquetError(.closed, "writer already closed", file: path) }
    }

    /// Checks one column of a batch: row count, validity against values and nullability, physical type, fixed
    /// lengths, decimal precision (used by `write(columns:)` and `writeRowGroup(columns:)`).
    func validate(_ column: ParquetColumnData, _ descriptor: ColumnDescriptor, rowCount: Int) throws {
        func fail(_ message: String) -> ParquetError {
            ParquetError(.invalidValue, message, file: path, column: descriptor.name)
        }
        guard column.rowCount == rowCount else { throw fail("column has \(column.rowCount) rows, expected \(rowCount)") }
        if let validity = column.validity {
            var present = 0
            for flag in validity where flag { present += 1 }
            guard present == column.values.count else {
                throw fail("validity marks \(present) values present but \(column.values.count) values were given")
            }
            guard descriptor.isOptional || present == validity.count else { throw fail("null in a required column") }
        }
        switch (descriptor.physicalType, column.values) {
        case (.boolean, .boolean), (.int32, .int32), (.int64, .int64), (.float, .float), (.double, .double),
            (.byteArray, .byteArray):
            break
        case (.fixedLenByteArray, .fixedLenByteArray(let bytes)):
            for i in 0..<bytes.count where bytes.length(i) != descriptor.typeLength {
                throw fail("fixed-length value \(i) is \(bytes.length(i)) bytes, expected \(descriptor.typeLength)")
            }
        default:
            throw fail("column values are not stored as \(descriptor.physicalType.name)")
        }
        if case .decimal(let precision, _) = descriptor.column.type {
            switch column.values {
            case .int32(let array):
                guard array.allSatisfy({ DecimalBytes.fits(Int128($0), precision: precision) }) else { throw fail("decimal exceeds its precision") }
            case .int64(let array):
                guard array.allSatisfy({ DecimalBytes.fits(Int128($0), precision: precision) }) else { throw fail("decimal exceeds its precision") }
            default: break
            }
        }
    }
}
