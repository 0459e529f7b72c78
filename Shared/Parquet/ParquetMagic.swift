/// The `PAR1` magic at both ends of a Parquet file (`PARE` marks an encrypted footer).
enum ParquetMagic {
    static let bytes: [UInt8] = Array("PAR1".utf8)
    static let encrypted: [UInt8] = Array("PARE".utf8)
}
