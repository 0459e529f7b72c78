/// The codec the writer applies to every page body.
package enum ParquetCompression: Sendable, Hashable {
    case uncompressed
    /// Raw snappy blocks (libsnappy); the default, as in pyarrow and Spark.
    case snappy
    /// zstd frames (libzstd) at `level`.
    case zstd(level: Int = 3)
    /// One RFC 1952 gzip member per page (zlib).
    case gzip
}
