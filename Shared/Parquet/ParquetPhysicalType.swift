/// Parquet physical types (`Type` in parquet.thrift).
enum ParquetPhysicalType: Int32, Sendable, Hashable {
    case boolean = 0, int32 = 1, int64 = 2, int96 = 3, float = 4, double = 5, byteArray = 6, fixedLenByteArray = 7

    var name: String {
        switch self {
        case .boolean: "BOOLEAN"
        case .int32: "INT32"
        case .int64: "INT64"
        case .int96: "INT96"
        case .float: "FLOAT"
        case .double: "DOUBLE"
        case .byteArray: "BYTE_ARRAY"
        case .fixedLenByteArray: "FIXED_LEN_BYTE_ARRAY"
        }
    }
}

/// Value and level encodings (`Encoding` in parquet.thrift).
enum PageEncoding {
    static let plain: Int32 = 0
    static let plainDictionary: Int32 = 2
    static let rle: Int32 = 3
    static let bitPacked: Int32 = 4
    static let deltaBinaryPacked: Int32 = 5
    static let deltaLengthByteArray: Int32 = 6
    static let deltaByteArray: Int32 = 7
    static let rleDictionary: Int32 = 8
    static let byteStreamSplit: Int32 = 9

    static func name(_ value: Int32) -> String {
        switch value {
        case 0: "PLAIN"
        case 2: "PLAIN_DICTIONARY"
        case 3: "RLE"
        case 4: "BIT_PACKED"
        case 5: "DELTA_BINARY_PACKED"
        case 6: "DELTA_LENGTH_BYTE_ARRAY"
        case 7: "DELTA_BYTE_ARRAY"
        case 8: "RLE_DICTIONARY"
        case 9: "BYTE_STREAM_SPLIT"
        case 10: "ALP"
        default: "encoding \(value)"
        }
    }
}

/// Page kinds (`PageType` in parquet.thrift).
enum PageType {
    static let dataPage: Int32 = 0
    static let indexPage: Int32 = 1
    static let dictionaryPage: Int32 = 2
    static let dataPageV2: Int32 = 3
}

/// Legacy annotations (`ConvertedType` in parquet.thrift).
enum ConvertedType {
    static let utf8: Int32 = 0
    static let map: Int32 = 1
    static let mapKeyValue: Int32 = 2
    static let list: Int32 = 3
    static let enumeration: Int32 = 4
    static let decimal: Int32 = 5
    static let date: Int32 = 6
    static let timeMillis: Int32 = 7
    static let timeMicros: Int32 = 8
    static let timestampMillis: Int32 = 9
    static let timestampMicros: Int32 = 10
    static let uint8: Int32 = 11
    static let uint16: Int32 = 12
    static let uint32: Int32 = 13
    static let uint64: Int32 = 14
    static let int8: Int32 = 15
    static let int16: Int32 = 16
    static let int32: Int32 = 17
    static let int64: Int32 = 18
    static let json: Int32 = 19
    static let bson: Int32 = 20
    static let interval: Int32 = 21
}

/// Field repetition (`FieldRepetitionType` in parquet.thrift).
enum FieldRepetition {
    static let required: Int32 = 0
    static let optional: Int32 = 1
    static let repeated: Int32 = 2
}
