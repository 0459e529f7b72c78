import Testing

/// Ways a Parquet file handed to a downstream stage can be broken, each applied to a good file's bytes.
enum ParquetDamage: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case truncatedToHalf = "truncated to half"
    case truncatedToSevenBytes = "truncated to 7 bytes"
    case empty = "zero bytes"
    case leadingMagicOverwritten = "leading PAR1 overwritten"
    case trailingMagicOverwritten = "trailing PAR1 overwritten"
    case footerLengthBeyondFile = "footer length beyond the file"
    case footerOverwritten = "footer overwritten with 0xFF"
    case firstPageHeaderOverwritten = "first page header overwritten"
    case csvText = "CSV text named .parquet"
    case bitRotAfterCommit = "one byte flipped after the manifest was written"

    var testDescription: String { rawValue }

    /// The error code the stage must fail with.
    var expectedCode: String { self == .bitRotAfterCommit ? "integrity_mismatch" : "parquet_error" }

    /// The damaged bytes.
    func apply(to good: [UInt8]) -> [UInt8] {
        var bytes = good
        let count = bytes.count
        switch self {
        case .truncatedToHalf: return Array(bytes.prefix(count / 2))
        case .truncatedToSevenBytes: return Array(bytes.prefix(7))
        case .empty: return []
        case .leadingMagicOverwritten: bytes.replaceSubrange(0..<4, with: Array("XXXX".utf8))
        case .trailingMagicOverwritten: bytes.replaceSubrange((count - 4)..<count, with: Array("PAR0".utf8))
        case .footerLengthBeyondFile: bytes.replaceSubrange((count - 8)..<(count - 4), with: [0xF0, 0xFF, 0xFF, 0x0F])
        case .footerOverwritten:
            let length =
                Int(bytes[count - 8]) | Int(bytes[count - 7]) << 8 | Int(bytes[count - 6]) << 16 | Int(bytes[count - 5])
                << 24
            let start = max(4, count - 8 - length)
            bytes.replaceSubrange(start..<(count - 8), with: Array(repeating: 0xFF, count: count - 8 - start))
        case .firstPageHeaderOverwritten:
            bytes.replaceSubrange(4..<min(24, count - 8), with: Array(repeating: 0xFF, count: min(24, count - 8) - 4))
        case .csvText: return Array("patient_id,nhs_pseudo_id\n1,9434765919\n".utf8)
        case .bitRotAfterCommit: bytes[count / 2] ^= 0x5A
        }
        return bytes
    }
}
