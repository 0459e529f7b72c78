/// Encodes one column of one row group into pages: an optional dictionary page, then v1 data pages
/// (RLE_DICTIONARY while the dictionary stays under its limit, PLAIN afterwards), each compressed on its own.
struct ColumnChunkWriter {
    let descriptor: ColumnDescriptor
    let options: ParquetWriterOptions
    let codec: PageCodec

    /// One data page's share of the column.
    private struct PagePlan {
        var rows: Range<Int>
        var values: Range<Int>
    }

    /// The encoded chunk: page bytes plus the metadata with offsets relative to the chunk start.
    struct EncodedChunk {
        var bytes: [UInt8]
        var metadata: ColumnChunkMetaData
        /// Offsets of the dictionary and first data page relative to `bytes`.
        var dictionaryPageOffset: Int?
        var dataPageOffset: Int
    }

    func encode(_ column: ParquetColumnData) throws -> EncodedChunk {
        let plans = planPages(column)
        var dictionary = options.enableDictionary ? DictionaryEncoder(physicalType: descriptor.physicalType) : nil
        var dictionaryActive = dictionary != nil
        var usedDictionary = false
        var usedPlain = false
        var pages: [UInt8] = []
        var uncompressedTotal = 0
        var valuesSeen = 0
        for plan in plans {
            var body: [UInt8] = []
            appendDefinitionLevels(column, rows: plan.rows, to: &body)
            let encoding: Int32
            if dictionaryActive, var encoder = dictionary {
                dictionary = nil
                let indices = encoder.indices(of: column.values, range: plan.values)
                let width = max(1, RLEBitPackedHybridEncoder.bitWidth(forMax: UInt32(max(encoder.count - 1, 0))))
                body.append(UInt8(width))
                var rle = RLEBitPackedHybridEncoder(bitWidth: width, capacity: indices.count * width / 8 + 16)
                indices.withUnsafeBufferPointer { buffer in rle.encode(count: buffer.count) { buffer[$0] } }
                body.append(contentsOf: rle.bytes)
                encoding = PageEncoding.rleDictionary
                usedDictionary = true
                valuesSeen += plan.values.count
                // Fall back to PLAIN once the dictionary is too big, or clearly not paying off.
                if encoder.byteSize > options.dictionaryPageSizeLimit
                    || (valuesSeen >= 4096 && encoder.count * 10 > valuesSeen * 9)
                {
                    dictionaryActive = false
                }
                dictionary = encoder
            } else {
                PlainEncoder.encode(column.values, range: plan.values, into: &body)
                encoding = PageEncoding.plain
                usedPlain = true
            }
            var header = PageHeader()
            header.type = PageType.dataPage
            header.numValues = Int32(plan.rows.count)
            header.encoding = encoding
            uncompressedTotal += try appendPage(header: header, body: body, to: &pages)
        }

        var bytes: [UInt8] = []
        var dictionaryPageOffset: Int?
        if usedDictionary, let dictionary {
            var body: [UInt8] = []
            let entries = dictionary.entries
            PlainEncoder.encode(entries, range: 0..<entries.count, into: &body)
            var header = PageHeader()
            header.type = PageType.dictionaryPage
            header.numValues = Int32(entries.count)
            dictionaryPageOffset = 0
            uncompressedTotal += try appendPage(header: header, body: body, to: &bytes)
            usedPlain = true
        }
        let dataPageOffset = bytes.count
        bytes.append(contentsOf: pages)

        var metadata = ColumnChunkMetaData()
        metadata.type = descriptor.physicalType.rawValue
        var encodings: [Int32] = []
        if usedPlain { encodings.append(PageEncoding.plain) }
        encodings.append(PageEncoding.rle)
        if usedDictionary { encodings.append(PageEncoding.rleDictionary) }
        metadata.encodings = encodings
        metadata.pathInSchema = [descriptor.name]
        metadata.codec = codec.codec
        metadata.numValues = Int64(column.rowCount)
        metadata.totalUncompressedSize = Int64(uncompressedTotal)
        metadata.totalCompressedSize = Int64(bytes.count)
        if options.writeStatistics {
            metadata.statistics = ColumnStatisticsBuilder.statistics(for: column, descriptor: descriptor)
        }
        return EncodedChunk(bytes: bytes, metadata: metadata, dictionaryPageOffset: dictionaryPageOffset, dataPageOffset: dataPageOffset)
    }

    /// Compresses `body`, appends header + body to `output`; returns header + uncompressed body size.
    private func appendPage(header: PageHeader, body: [UInt8], to output: inout [UInt8]) throws -> Int {
        guard body.count < Int(Int32.max) else {
            throw ParquetError(.invalidValue, "page of \(body.count) bytes exceeds the format's 2 GiB limit", column: descriptor.name)
        }
        let compressed = try codec.compress(body)
        var header = header
        header.uncompressedPageSize = Int32(body.count)
        header.compressedPageSize = Int32(compressed.count)
        var thrift = ThriftCompactWriter()
        header.encode(to: &thrift)
        output.append(contentsOf: thrift.bytes)
        output.append(contentsOf: compressed)
        return thrift.bytes.count + body.count
    }

    private func appendDefinitionLevels(_ column: ParquetColumnData, rows: Range<Int>, to body: inout [UInt8]) {
        guard descriptor.isOptional else { return }
        var rle = RLEBitPackedHybridEncoder(bitWidth: 1, capacity: rows.count / 8 + 16)
        if let validity = column.validity {
            validity.withUnsafeBufferPointer { flags in
                let base = rows.lowerBound
                rle.encode(count: rows.count) { flags[base + $0] ? 1 : 0 }
            }
        } else {
            rle.encodeRun(value: 1, count: rows.count)
        }
        let length = UInt32(rle.bytes.count)
        withUnsafeBytes(of: length.littleEndian) { body.append(contentsOf: $0) }
        body.append(contentsOf: rle.bytes)
    }

    /// Splits the column into pages of at most `dataPageRowLimit` rows and about `dataPageSizeLimit` bytes.
    private func planPages(_ column: ParquetColumnData) -> [PagePlan] {
        let rowCount = column.rowCount
        let rowLimit = max(1, options.dataPageRowLimit)
        let byteLimit = max(1, options.dataPageSizeLimit)
        let fixedWidth: Int?
        var byteArrays: ParquetByteArrayColumn?
        switch column.values {
        case .boolean: fixedWidth = 1
        case .int32, .float: fixedWidth = 4
        case .int64, .double: fixedWidth = 8
        case .fixedLenByteArray: fixedWidth = max(1, descriptor.typeLength)
        case .byteArray(let values):
            fixedWidth = nil
            byteArrays = values
        }
        var plans: [PagePlan] = []
        var row = 0
        var value = 0
        while row < rowCount {
            let startRow = row
            let startValue = value
            var bytes = 0
            while row < rowCount && row - startRow < rowLimit && bytes < byteLimit {
                if column.validity?[row] ?? true {
                    if let fixedWidth {
                        bytes += fixedWidth
                    } else if let byteArrays {
                        bytes += 4 + byteArrays.length(value)
                    }
                    value += 1
                }
                row += 1
            }
            plans.append(PagePlan(rows: startRow..<row, values: startValue..<value))
        }
        return plans
    }
}
