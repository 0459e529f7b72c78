import CZlibSystem

/// RFC 1952 gzip through zlib: one member on write, any number of concatenated members on read.
enum GzipStream {
    /// Compresses `input` into one gzip member (deflateInit2 with windowBits 31, deflate, deflateEnd).
    static func compress(_ input: [UInt8]) throws -> [UInt8] {
        var stream = z_stream()
        guard CZlib_deflateInitGzip(&stream, Z_DEFAULT_COMPRESSION) == Z_OK else {
            throw ParquetError(.compression, "deflateInit2 failed")
        }
        defer { deflateEnd(&stream) }
        let capacity = Int(deflateBound(&stream, uLong(input.count))) + 32
        var input = input
        return try input.withUnsafeMutableBufferPointer { source in
            try [UInt8](unsafeUninitializedCapacity: capacity) { output, count in
                stream.next_in = source.baseAddress
                stream.avail_in = uInt(source.count)
                stream.next_out = output.baseAddress
                stream.avail_out = uInt(capacity)
                let status = deflate(&stream, Z_FINISH)
                guard status == Z_STREAM_END else {
                    count = 0
                    throw ParquetError(.compression, "deflate failed (\(status))")
                }
                count = capacity - Int(stream.avail_out)
            }
        }
    }

    /// Decompresses all gzip members of `input`; the result must be exactly `uncompressedSize` bytes.
    static func decompress(_ input: UnsafeRawBufferPointer, uncompressedSize: Int) throws -> [UInt8] {
        try [UInt8](unsafeUninitializedCapacity: max(uncompressedSize, 1)) { output, count in
            count = 0
            var consumed = 0
            var produced = 0
            while consumed < input.count {
                // Trailing zero padding after the last member is tolerated.
                if produced == uncompressedSize && input[consumed...].allSatisfy({ $0 == 0 }) { break }
                var stream = z_stream()
                guard CZlib_inflateInitGzip(&stream) == Z_OK else {
                    throw ParquetError(.compression, "inflateInit2 failed")
                }
                defer { inflateEnd(&stream) }
                stream.next_in = UnsafeMutablePointer(mutating: input.baseAddress!.assumingMemoryBound(to: Bytef.self) + consumed)
                stream.avail_in = uInt(input.count - consumed)
                stream.next_out = output.baseAddress! + produced
                stream.avail_out = uInt(uncompressedSize - produced)
                let status = inflate(&stream, Z_FINISH)
                guard status == Z_STREAM_END else {
                    throw ParquetError(.compression, "gzip member does not inflate to the announced size (\(status))")
                }
                consumed = input.count - Int(stream.avail_in)
                produced = uncompressedSize - Int(stream.avail_out)
            }
            guard produced == uncompressedSize else {
                throw ParquetError(.compression, "gzip data inflates to \(produced) bytes, page header says \(uncompressedSize)")
            }
            count = produced
        }
    }
}
