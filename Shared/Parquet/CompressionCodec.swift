/// Codec ids of `CompressionCodec` in parquet.thrift.
enum CompressionCodec {
    static let uncompressed: Int32 = 0
    static let snappy: Int32 = 1
    static let gzip: Int32 = 2
    static let lzo: Int32 = 3
    static let brotli: Int32 = 4
    static let lz4: Int32 = 5
    static let zstd: Int32 = 6
    static let lz4Raw: Int32 = 7

    static func name(_ value: Int32) -> String {
        switch value {
        case 0: "UNCOMPRESSED"
        case 1: "SNAPPY"
        case 2: "GZIP"
        case 3: "LZO"
        case 4: "BROTLI"
        case 5: "LZ4"
        case 6: "ZSTD"
        case 7: "LZ4_RAW"
        default: "codec \(value)"
        }
    }
}
