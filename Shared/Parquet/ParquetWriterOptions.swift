/// Tuning knobs of `ParquetWriter`; the defaults suit lake tables read by Athena, Spark and pyarrow.
package struct ParquetWriterOptions: Sendable {
    /// Codec for every page. Default `.snappy`.
    package var compression: ParquetCompression = .snappy
    /// A row group is flushed once it holds this many rows. Default 131 072, so parallel readers get work units.
    package var rowGroupRowLimit: Int = 131_072
    /// A row group is also flushed once its buffered (uncompressed) values reach this many bytes. Default 128 MiB.
    package var rowGroupByteLimit: Int = 128 * 1024 * 1024
    /// A data page is closed once its values reach this many uncompressed bytes. Default 1 MiB.
    package var dataPageSizeLimit: Int = 1024 * 1024
    /// A data page holds at most this many rows. Default 20 000 (as pyarrow).
    package var dataPageRowLimit: Int = 20_000
    /// Once the dictionary page of a column chunk exceeds this many bytes, the rest of the chunk is PLAIN. Default 1 MiB.
    package var dictionaryPageSizeLimit: Int = 1024 * 1024
    /// Dictionary-encode (RLE_DICTIONARY) strings, binaries, integers, dates, timestamps and decimals. Default `true`.
    package var enableDictionary: Bool = true
    /// Write min/max/null_count statistics in the footer. Default `true`.
    package var writeStatistics: Bool = true
    /// `FileMetaData.created_by`; must read `<app> version <semver>` so parquet-java trusts the statistics.
    package var createdBy: String = "northshire-access-iq parquet version \(ParquetWriterOptions.libraryVersion)"

    /// The version this library reports in `created_by`.
    package static let libraryVersion = "0.1.0"

    /// Creates the default options.
    package init() {}
}
