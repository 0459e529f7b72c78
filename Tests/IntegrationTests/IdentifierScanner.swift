import Foundation
import Parquet

#if canImport(Glibc)
    import Glibc
#endif

/// Looks for known NHS numbers and secrets in bytes, text or Parquet files, reporting only counts so that a
/// failure message never repeats what it found.
///
/// NHS numbers are searched as recorded (`943 476 5919`), as bare digits (only where no other digit touches
/// them, so a long timestamp never matches by accident) and as integer Parquet values; Parquet files are
/// decoded first, so compression cannot hide a value. Secrets are searched as plain substrings everywhere.
struct IdentifierScanner {
    private let identifierNeedles: [[UInt8]]
    private let numbers: Set<Int64>
    private let secretNeedles: [[UInt8]]

    struct Hits: Equatable {
        var identifiers = 0
        var secrets = 0
        var isEmpty: Bool { identifiers == 0 && secrets == 0 }
    }

    /// - Parameters:
    ///   - nhsNumbers: values as the sources recorded them; only those with 9 to 11 digits are searched.
    ///   - secrets: secret values; those shorter than 8 bytes are ignored (too likely to occur by chance).
    init(nhsNumbers: [String], secrets: [String]) {
        var needles = Set<[UInt8]>()
        var numbers = Set<Int64>()
        for value in nhsNumbers {
            let digits = value.filter { $0.isASCII && $0.isNumber }
            guard (9...11).contains(digits.count) else { continue }
            needles.insert(Array(digits.utf8))
            let trimmed = value.trimmingCharacters(in: .whitespaces)
            if trimmed != digits, trimmed.utf8.count >= 9 { needles.insert(Array(trimmed.utf8)) }
            if let number = Int64(digits) { numbers.insert(number) }
        }
        identifierNeedles = needles.sorted { $0.lexicographicallyPrecedes($1) }
        self.numbers = numbers
        secretNeedles = Set(secrets.filter { $0.utf8.count >= 8 }.map { Array($0.utf8) }).sorted {
            $0.lexicographicallyPrecedes($1)
        }
    }

    var identifierCount: Int { identifierNeedles.count }
    var secretCount: Int { secretNeedles.count }

    /// Scans raw bytes (logs, JSON, HTML, CSV, or any file).
    func scan(text bytes: [UInt8]) -> Hits {
        var hits = Hits()
        bytes.withUnsafeBytes { haystack in
            for needle in identifierNeedles where Self.occurs(needle, in: haystack, bounded: true) {
                hits.identifiers += 1
            }
            for needle in secretNeedles where Self.occurs(needle, in: haystack, bounded: false) { hits.secrets += 1 }
        }
        return hits
    }

    /// Scans a file's bytes; Parquet files are also decoded and every value is checked.
    func scan(file bytes: [UInt8], name: String) -> Hits {
        var hits = scan(text: bytes)
        guard bytes.count >= 12, bytes.prefix(4).elementsEqual("PAR1".utf8), bytes.suffix(4).elementsEqual("PAR1".utf8),
            let batch = try? ParquetReader(bytes: bytes, name: name).readAll()
        else { return hits }
        var text: [UInt8] = []
        for column in batch.columns {
            for value in column {
                switch value {
                case .string(let string): text += Array(string.utf8) + [0x0A]
                case .bytes(let raw): text += raw + [0x0A]
                case .int64(let number): if numbers.contains(number) { hits.identifiers += 1 }
                case .int32(let number): if numbers.contains(Int64(number)) { hits.identifiers += 1 }
                default: break
                }
            }
        }
        let decoded = scan(text: text)
        hits.identifiers += decoded.identifiers
        hits.secrets += decoded.secrets
        return hits
    }

    /// Whether `needle` occurs in `haystack`; with `bounded`, only where no ASCII digit touches either end.
    private static func occurs(_ needle: [UInt8], in haystack: UnsafeRawBufferPointer, bounded: Bool) -> Bool {
        guard let base = haystack.baseAddress, !needle.isEmpty, haystack.count >= needle.count else { return false }
        return needle.withUnsafeBytes { pattern in
            var offset = 0
            while offset + needle.count <= haystack.count {
                // memchr for the first byte, memcmp for the rest (memmem is a GNU extension Glibc does not export).
                guard let found = memchr(base + offset, Int32(needle[0]), haystack.count - offset - needle.count + 1)
                else { return false }
                let start = base.distance(to: UnsafeRawPointer(found))
                let end = start + needle.count
                guard memcmp(base + start, pattern.baseAddress!, needle.count) == 0 else {
                    offset = start + 1
                    continue
                }
                let digitBefore = start > 0 && (48...57).contains(haystack[start - 1])
                let digitAfter = end < haystack.count && (48...57).contains(haystack[end])
                if !bounded || (!digitBefore && !digitAfter) { return true }
                offset = start + 1
            }
            return false
        }
    }
}
