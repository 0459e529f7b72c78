/// Reads flat Parquet files from a local path or from bytes in memory.
///
/// The footer is parsed and validated in `init`; row groups are decoded on demand, columns in parallel.
/// Damaged or hostile input raises `ParquetError` with the file name, column and byte offset.
package final class ParquetReader {
    /// The file's flat schema.
    package let schema: ParquetSchema
    /// Rows in the file (sum over row groups).
    package let rowCount: Int
    /// `FileMetaData.created_by`, if present.
    package let createdBy: String?
    /// Rows of each row group.
    package let rowGroupRowCounts: [Int]

    let name: String
    let source: ParquetByteSource
    let fileSize: Int
    let descriptors: [ColumnDescriptor]
    let metadata: FileMetaData

    /// Opens and validates the file at `path`.
    package convenience init(path: String) throws {
        let handle = try ParquetFileHandle.openForReading(path: path)
        try self.init(source: .file(handle), size: try handle.size(), name: path)
    }

    /// Parses `bytes` (e.g. an object fetched from S3); `name` appears in errors.
    package convenience init(bytes: [UInt8], name: String) throws {
        try self.init(source: .memory(bytes), size: bytes.count, name: name)
    }

    init(source: ParquetByteSource, size: Int, name: String) throws {
        self.name = name
        self.source = source
        self.fileSize = size
        do {
            metadata = try Self.readFooter(source: source, size: size)
            descriptors = try FlatSchemaResolver.resolve(metadata.schema)
            rowGroupRowCounts = try Self.validateRowGroups(metadata, columnCount: descriptors.count, fileSize: size)
        } catch let error as ParquetError {
            throw error.with(file: name)
        }
        schema = ParquetSchema(descriptors.map(\.column))
        rowCount = rowGroupRowCounts.reduce(0, +)
        createdBy = metadata.createdBy
    }

    /// Number of row groups.
    package var rowGroupCount: Int { metadata.rowGroups.count }

    private static func readFooter(source: ParquetByteSource, size: Int) throws -> FileMetaData {
        guard size >= 12 else { throw ParquetError(.truncatedFile, "file of \(size) bytes is too small for Parquet") }
        let head = try source.read(offset: 0, count: 4)
        let tail = try source.read(offset: size - 8, count: 8)
        if Array(tail[4..<8]) == ParquetMagic.encrypted {
            throw ParquetError(.unsupported, "encrypted footer (PARE) is not supported", offset: size - 4)
        }
        guard Array(tail[4..<8]) == ParquetMagic.bytes else {
            throw ParquetError(.truncatedFile, "missing PAR1 magic at the end (truncated or not Parquet)", offset: size - 4)
        }
        guard head == ParquetMagic.bytes else {
            throw ParquetError(.corruptFile, "missing PAR1 magic at the start", offset: 0)
        }
        let footerLength = Int(UInt32(tail[0]) | UInt32(tail[1]) << 8 | UInt32(tail[2]) << 16 | UInt32(tail[3]) << 24)
        guard footerLength <= size - 12 else {
            throw ParquetError(.corruptMetadata, "footer length \(footerLength) exceeds the file", offset: size - 8)
        }
        let footerStart = size - 8 - footerLength
        let footer = try source.read(offset: footerStart, count: footerLength)
        let metadata = try footer.withUnsafeBytes { raw in
            var reader = ThriftCompactReader(raw, baseOffset: footerStart)
            return try FileMetaData.decode(from: &reader)
        }
        guard !metadata.isEncrypted else { throw ParquetError(.unsupported, "encrypted files are not supported") }
        return metadata
    }

    private static func validateRowGroups(_ metadata: FileMetaData, columnCount: Int, fileSize: Int) throws -> [Int] {
        // No legitimate file decodes to more rows per row group than this; it caps allocations from lying footers.
        let rowLimit = max(1 << 20, fileSize.multipliedReportingOverflow(by: 512).overflow ? Int.max : fileSize * 512)
        return try metadata.rowGroups.enumerated().map { index, group in
            guard group.numRows >= 0, group.numRows <= Int64(rowLimit) else {
                throw ParquetError(.corruptMetadata, "row group \(index) claims \(group.numRows) rows")
            }
            guard group.columns.count == columnCount else {
                throw ParquetError(.corruptMetadata, "row group \(index) has \(group.columns.count) column chunks for \(columnCount) columns")
            }
            return Int(group.numRows)
        }
    }

    /// Column positions for a projection (`nil` = all columns, in schema order).
    func projection(_ columns: [String]?) throws -> [Int] {
        guard let columns else { return Array(descriptors.indices) }
        return try columns.map { column in
            guard let index = schema.index(of: column) else {
                throw ParquetError(.schemaMismatch, "no column named \(column)", file: name, column: column)
            }
            return index
        }
    }

    /// Decodes row group `index` column by column (the fast path): one `ParquetColumnData` per projected column.
    package func readRowGroupColumns(_ index: Int, columns: [String]? = nil) throws -> [ParquetColumnData] {
        guard metadata.rowGroups.indices.contains(index) else {
            throw ParquetError(.schemaMismatch, "row group \(index) does not exist (file has \(rowGroupCount))", file: name)
        }
        let selected = try projection(columns)
        let group = metadata.rowGroups[index]
        let rows = rowGroupRowCounts[index]
        return try ParallelColumnMap.map(count: selected.count) { position in
            let column = selected[position]
            let descriptor = descriptors[column]
            do {
                if rows == 0 {
                    return ParquetColumnData(values: .empty(for: descriptor.physicalType), validity: descriptor.isOptional ? [] : nil)
                }
                let reader = ColumnChunkReader(descriptor: descriptor, chunk: group.columns[column], rowCount: rows, fileSize: fileSize)
                let range = try reader.byteRange()
                let bytes = try source.read(offset: range.lowerBound, count: range.count)
                return try reader.decode(bytes, range: range)
            } catch let error as ParquetError {
                throw error.with(file: name, column: descriptor.name)
            }
        }
    }

    /// Decodes row group `index`, optionally projected to `columns` (by name, in the given order).
    package func readRowGroup(_ index: Int, columns: [String]? = nil) throws -> ParquetColumnBatch {
        let selected = try projection(columns)
        let data = try readRowGroupColumns(index, columns: columns)
        let values = zip(data, selected).map { column, position in column.parquetValues(descriptor: descriptors[position]) }
        return ParquetColumnBatch(
            schema: ParquetSchema(selected.map { descriptors[$0].column }), columns: values, rowCount: rowGroupRowCounts[index])
    }

    /// Decodes every row group and concatenates them.
    package func readAll(columns: [String]? = nil) throws -> ParquetColumnBatch {
        let selected = try projection(columns)
        var result = ParquetColumnBatch(
            schema: ParquetSchema(selected.map { descriptors[$0].column }), columns: Array(repeating: [], count: selected.count),
            rowCount: 0)
        for group in 0..<rowGroupCount {
            let batch = try readRowGroup(group, columns: columns)
            for c in batch.columns.indices { result.columns[c].append(contentsOf: batch.columns[c]) }
            result.rowCount += batch.rowCount
        }
        return result
    }

    /// Calls `body` with each row (projected), decoding one row group at a time.
    package func forEachRow(columns: [String]? = nil, _ body: ([ParquetValue]) throws -> Void) throws {
        for group in 0..<rowGroupCount {
            let batch = try readRowGroup(group, columns: columns)
            for row in 0..<batch.rowCount { try body(batch.row(row)) }
        }
    }
}

// All stored properties are immutable after init; the file source only does positional reads (pread), so
// concurrent readRowGroup calls are safe.
extension ParquetReader: @unchecked Sendable {}
