import CSnappy
import CZlibSystem
import CZstd

/// Compresses and decompresses page bodies with the system codec libraries (libsnappy, libzstd, zlib).
struct PageCodec: Sendable {
    let codec: Int32
    let zstdLevel: Int32

    init(_ compression: ParquetCompression) {
        switch compression {
        case .uncompressed: codec = CompressionCodec.uncompressed; zstdLevel = 0
        case .snappy: codec = CompressionCodec.snappy; zstdLevel = 0
        case .gzip: codec = CompressionCodec.gzip; zstdLevel = 0
        case .zstd(let level): codec = CompressionCodec.zstd; zstdLevel = Int32(clamping: level)
        }
    }

    /// A codec for reading; throws `unsupportedCodec` for LZ4, LZO, BROTLI, LZ4_RAW and unknown ids.
    init(reading codec: Int32) throws {
        switch codec {
        case CompressionCodec.uncompressed, CompressionCodec.snappy, CompressionCodec.gzip, CompressionCodec.zstd:
            self.codec = codec
            self.zstdLevel = 0
        default:
            throw ParquetError(.unsupportedCodec, "unsupported codec \(CompressionCodec.name(codec))")
        }
    }

    /// Compresses `input` (snappy_compress / ZSTD_compress / deflate).
    func compress(_ input: [UInt8]) throws -> [UInt8] {
        switch codec {
        case CompressionCodec.snappy:
            let capacity = snappy_max_compressed_length(input.count)
            return try [UInt8](unsafeUninitializedCapacity: max(capacity, 1)) { output, count in
                var length = capacity
                let status = input.withUnsafeBufferPointer { source in
                    source.withMemoryRebound(to: CChar.self) { chars in
                        output.withMemoryRebound(to: CChar.self) { out in
                            snappy_compress(chars.baseAddress, input.count, out.baseAddress, &length)
                        }
                    }
                }
                guard status == SNAPPY_OK else {
                    count = 0
                    throw ParquetError(.compression, "snappy_compress failed (\(status.rawValue))")
                }
                count = length
            }
        case CompressionCodec.zstd:
            let capacity = ZSTD_compressBound(input.count)
            return try [UInt8](unsafeUninitializedCapacity: max(capacity, 1)) { output, count in
                let result = input.withUnsafeBytes { source in
                    ZSTD_compress(output.baseAddress, capacity, source.baseAddress, input.count, zstdLevel)
                }
                guard ZSTD_isError(result) == 0 else {
                    count = 0
                    throw ParquetError(.compression, "ZSTD_compress failed: \(String(cString: ZSTD_getErrorName(result)))")
                }
                count = result
            }
        case CompressionCodec.gzip:
            return try GzipStream.compress(input)
        default:
            return input
        }
    }

    /// Decompresses `input` into exactly `uncompressedSize` bytes (the size the page header announces).
    func decompress(_ input: UnsafeRawBufferPointer, uncompressedSize: Int) throws -> [UInt8] {
        switch codec {
        case CompressionCodec.snappy:
            var announced = 0
            let status = snappy_uncompressed_length(
                input.baseAddress?.assumingMemoryBound(to: CChar.self), input.count, &announced)
            guard status == SNAPPY_OK, announced == uncompressedSize else {
                throw ParquetError(.compression, "snappy block announces \(announced) bytes, page header \(uncompressedSize)")
            }
            return try [UInt8](unsafeUninitializedCapacity: max(uncompressedSize, 1)) { output, count in
                var length = uncompressedSize
                let result = output.withMemoryRebound(to: CChar.self) { out in
                    snappy_uncompress(input.baseAddress?.assumingMemoryBound(to: CChar.self), input.count, out.baseAddress, &length)
                }
                guard result == SNAPPY_OK, length == uncompressedSize else {
                    count = 0
                    throw ParquetError(.compression, "snappy_uncompress failed")
                }
                count = length
            }
        case CompressionCodec.zstd:
            return try [UInt8](unsafeUninitializedCapacity: max(uncompressedSize, 1)) { output, count in
                let result = ZSTD_decompress(output.baseAddress, uncompressedSize, input.baseAddress, input.count)
                guard ZSTD_isError(result) == 0, result == uncompressedSize else {
                    count = 0
                    throw ParquetError(.compression, "ZSTD_decompress failed or produced the wrong size")
                }
                count = result
            }
        case CompressionCodec.gzip:
            return try GzipStream.decompress(input, uncompressedSize: uncompressedSize)
        default:
            guard input.count == uncompressedSize else {
                throw ParquetError(.corruptData, "uncompressed page is \(input.count) bytes, header says \(uncompressedSize)")
            }
            return Array(input)
        }
    }
}
