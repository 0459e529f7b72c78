/// Decodes one column chunk: walks page headers inside the chunk's byte range, keeps the dictionary, and decodes
/// v1 / v2 data pages into dense values plus validity. Every size is checked against the chunk and the row count.
struct ColumnChunkReader {
    let descriptor: ColumnDescriptor
    let chunk: ColumnChunkMetaData
    let rowCount: Int
    let fileSize: Int

    /// The byte range of the chunk in the file, after the quirk rules of PARQUET.md §1.
    func byteRange() throws -> Range<Int> {
        let dataOffset = Int(clamping: chunk.dataPageOffset)
        var start = dataOffset
        if let dictionaryOffset = chunk.dictionaryPageOffset.map({ Int(clamping: $0) }), dictionaryOffset >= 4,
            dataOffset < 4 || dictionaryOffset < dataOffset
        {
            start = dictionaryOffset
        }
        let length = Int(clamping: chunk.totalCompressedSize)
        guard start >= 4, length >= 0, start <= fileSize - 8, length <= fileSize - 8 - start else {
            throw ParquetError(.corruptMetadata, "column chunk range [\(start), +\(length)) lies outside the file", offset: start)
        }
        return start..<(start + length)
    }

    /// Decodes the chunk from `bytes`, which hold the file range `range`.
    func decode(_ bytes: [UInt8], range: Range<Int>) throws -> ParquetColumnData {
        guard chunk.hasMetaData else { throw ParquetError(.corruptMetadata, "column chunk without meta_data") }
        guard !chunk.isEncrypted else { throw ParquetError(.unsupported, "encrypted column chunks are not supported") }
        guard chunk.type == descriptor.physicalType.rawValue else {
            throw ParquetError(.corruptMetadata, "column chunk type \(chunk.type) differs from the schema")
        }
        let codec = try PageCodec(reading: chunk.codec)
        var state = DecodeState(descriptor: descriptor, target: rowCount)
        try bytes.withUnsafeBytes { raw in
            var position = 0
            while state.rows < rowCount {
                guard position < raw.count else {
                    throw ParquetError(.corruptData, "column chunk ends after \(state.rows) of \(rowCount) rows", offset: range.lowerBound + position)
                }
                var thrift = ThriftCompactReader(raw, position: position, baseOffset: range.lowerBound)
                let header = try PageHeader.decode(from: &thrift)
                let bodyStart = thrift.position
                let bodyLength = Int(header.compressedPageSize)
                guard bodyLength <= raw.count - bodyStart else {
                    throw ParquetError(.corruptData, "page body of \(bodyLength) bytes runs past the column chunk", offset: range.lowerBound + bodyStart)
                }
                let body = UnsafeRawBufferPointer(rebasing: raw[bodyStart..<(bodyStart + bodyLength)])
                do {
                    try state.page(header, body: body, codec: codec)
                } catch let error as ParquetError {
                    throw error.with(offset: range.lowerBound + position)
                }
                position = bodyStart + bodyLength
            }
        }
        return ParquetColumnData(values: state.values, validity: descriptor.isOptional ? state.validity : nil)
    }
}

/// Mutable decoding state of one chunk.
private struct DecodeState {
    let descriptor: ColumnDescriptor
    let target: Int
    var values: ParquetColumnValues
    var validity: [Bool] = []
    var dictionary: ParquetColumnValues?
    var rows = 0

    init(descriptor: ColumnDescriptor, target: Int) {
        self.descriptor = descriptor
        self.target = target
        values = .empty(for: descriptor.physicalType)
    }

    mutating func page(_ header: PageHeader, body: UnsafeRawBufferPointer, codec: PageCodec) throws {
        switch header.type {
        case PageType.dictionaryPage:
            guard header.encoding == PageEncoding.plain || header.encoding == PageEncoding.plainDictionary else {
                throw ParquetError(.unsupportedEncoding, "dictionary page encoding \(PageEncoding.name(header.encoding))")
            }
            let data = try decompress(body, codec: codec, size: Int(header.uncompressedPageSize))
            var entries = ParquetColumnValues.empty(for: descriptor.physicalType)
            try data.withUnsafeBytes { raw in
                _ = try PlainDecoder.decode(
                    count: Int(header.numValues), physicalType: descriptor.physicalType, typeLength: descriptor.typeLength,
                    from: raw, into: &entries)
            }
            dictionary = entries
        case PageType.dataPage:
            let data = try decompress(body, codec: codec, size: Int(header.uncompressedPageSize))
            try data.withUnsafeBytes { raw in
                let count = try pageRowCount(header)
                var position = 0
                var present = count
                if descriptor.isOptional {
                    guard raw.count >= 4 else { throw ParquetError(.corruptData, "definition levels length missing") }
                    let length = Int(raw.loadUnaligned(as: UInt32.self).littleEndian)
                    guard length <= raw.count - 4 else { throw ParquetError(.corruptData, "definition levels run past the page") }
                    present = try decodeLevels(UnsafeRawBufferPointer(rebasing: raw[4..<(4 + length)]), count: count)
                    position = 4 + length
                }
                try decodeValues(
                    UnsafeRawBufferPointer(rebasing: raw[position...]), count: present, encoding: header.encoding)
                rows += count
            }
        case PageType.dataPageV2:
            let count = try pageRowCount(header)
            let repetitionBytes = Int(header.repetitionLevelsByteLength)
            let definitionBytes = Int(header.definitionLevelsByteLength)
            guard repetitionBytes + definitionBytes <= body.count,
                repetitionBytes + definitionBytes <= Int(header.uncompressedPageSize)
            else {
                throw ParquetError(.corruptData, "v2 level sections exceed the page")
            }
            var present = count
            if descriptor.isOptional {
                let levels = UnsafeRawBufferPointer(rebasing: body[repetitionBytes..<(repetitionBytes + definitionBytes)])
                present = try decodeLevels(levels, count: count)
            } else if header.numNulls > 0 {
                throw ParquetError(.corruptData, "nulls in a REQUIRED column")
            }
            let valuesSection = UnsafeRawBufferPointer(rebasing: body[(repetitionBytes + definitionBytes)...])
            let valuesSize = Int(header.uncompressedPageSize) - repetitionBytes - definitionBytes
            if header.isCompressed && codec.codec != CompressionCodec.uncompressed && !valuesSection.isEmpty {
                let data = try decompress(valuesSection, codec: codec, size: valuesSize)
                try data.withUnsafeBytes { try decodeValues($0, count: present, encoding: header.encoding) }
            } else {
                try decodeValues(valuesSection, count: present, encoding: header.encoding)
            }
            rows += count
        default:
            return  // index pages and unknown page types are skipped by size
        }
    }

    private func pageRowCount(_ header: PageHeader) throws -> Int {
        let count = Int(header.numValues)
        guard count <= target - rows else {
            throw ParquetError(.corruptData, "page holds \(count) values but only \(target - rows) rows remain in the row group")
        }
        return count
    }

    private func decompress(_ body: UnsafeRawBufferPointer, codec: PageCodec, size: Int) throws -> [UInt8] {
        // Allow any page up to 64 MiB; beyond that only ratios real data reaches, so hostile headers cannot
        // make us allocate gigabytes.
        guard size <= 64 << 20 || size / 1100 <= body.count else {
            throw ParquetError(.corruptData, "page announces \(size) uncompressed bytes from \(body.count) stored")
        }
        return try codec.decompress(body, uncompressedSize: size)
    }

    /// Decodes `count` definition levels (bit width 1); returns how many values are present.
    private mutating func decodeLevels(_ buffer: UnsafeRawBufferPointer, count: Int) throws -> Int {
        var decoder = try RLEBitPackedHybridDecoder(buffer, bitWidth: 1)
        let before = validity.count
        try decoder.decodeFlags(count: count, into: &validity)
        var present = 0
        for i in before..<validity.count where validity[i] { present += 1 }
        return present
    }

    private mutating func decodeValues(_ buffer: UnsafeRawBufferPointer, count: Int, encoding: Int32) throws {
        switch encoding {
        case PageEncoding.plain:
            _ = try PlainDecoder.decode(
                count: count, physicalType: descriptor.physicalType, typeLength: descriptor.typeLength, from: buffer,
                into: &values)
        case PageEncoding.plainDictionary, PageEncoding.rleDictionary:
            guard let dictionary else { throw ParquetError(.corruptData, "dictionary-encoded page without a dictionary page") }
            guard count > 0 else { return }
            guard let width = buffer.first else { throw ParquetError(.corruptData, "dictionary page lacks its bit width") }
            var decoder = try RLEBitPackedHybridDecoder(UnsafeRawBufferPointer(rebasing: buffer[1...]), bitWidth: Int(width))
            var indices: [UInt32] = []
            try decoder.decode(count: count, into: &indices)
            try DictionaryGather.append(indices, from: dictionary, into: &values)
        case PageEncoding.rle where descriptor.physicalType == .boolean:
            guard buffer.count >= 4 else { throw ParquetError(.corruptData, "RLE boolean length missing") }
            let length = Int(buffer.loadUnaligned(as: UInt32.self).littleEndian)
            guard length <= buffer.count - 4 else { throw ParquetError(.corruptData, "RLE booleans run past the page") }
            var decoder = try RLEBitPackedHybridDecoder(UnsafeRawBufferPointer(rebasing: buffer[4..<(4 + length)]), bitWidth: 1)
            guard case .boolean(var flags) = values else { throw ParquetError(.corruptData, "boolean store expected") }
            values = .boolean([])
            defer { values = .boolean(flags) }
            try decoder.decodeFlags(count: count, into: &flags)
        case PageEncoding.deltaBinaryPacked where descriptor.physicalType == .int32 || descriptor.physicalType == .int64:
            var decoder = DeltaBinaryPackedDecoder(buffer)
            var decoded: [Int64] = []
            try decoder.decode(count: count, into: &decoded)
            switch values {
            case .int64(var array):
                values = .boolean([])
                array.append(contentsOf: decoded)
                values = .int64(array)
            case .int32(var array):
                values = .boolean([])
                array.append(contentsOf: decoded.lazy.map { Int32(truncatingIfNeeded: $0) })
                values = .int32(array)
            default:
                throw ParquetError(.corruptData, "integer store expected")
            }
        default:
            throw ParquetError(.unsupportedEncoding, "unsupported encoding \(PageEncoding.name(encoding)) for \(descriptor.physicalType.name)")
        }
    }
}
