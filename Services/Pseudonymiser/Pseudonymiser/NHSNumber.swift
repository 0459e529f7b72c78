/// A valid NHS number: exactly 10 ASCII digits whose last digit is the Mod-11 check digit of the first nine.
///
/// ## Normalisation (part of the pseudonym contract)
/// Before validation and hashing, every space (U+0020) and hyphen (U+002D) is removed; what remains must be
/// exactly 10 ASCII digits. So `943 476 5919` and `943-476-5919` are the same patient as `9434765919`, and
/// all three hash to the same `patient_sk`. Changing this rule changes every pseudonym.
///
/// The value is held as an integer so that checking a number allocates nothing. Its description is
/// redacted: an NHS number must never reach a log line, an error or a manifest.
package struct NHSNumber: Sendable, Hashable, CustomStringConvertible, CustomDebugStringConvertible {
    /// The 10 digits as a number (leading zeros are implied: the digit count is always 10).
    package let value: UInt64

    private init(value: UInt64) { self.value = value }

    /// Validates `text` (nil = null in the source).
    package static func check(_ text: String?) -> Result<NHSNumber, NHSNumberRejection> {
        guard var text else { return .failure(.missing) }
        return text.withUTF8 { check(utf8: $0) }
    }

    /// Validates the UTF-8 bytes of a source value.
    ///
    /// - Returns: the normalised number, or the first rule it breaks: `missing` (nothing but spaces and
    ///   hyphens, or empty), `invalid_format`, `mod11_invalid`, `mod11_mismatch`.
    package static func check(utf8 bytes: some Collection<UInt8>) -> Result<NHSNumber, NHSNumberRejection> {
        var digits = 0
        var value: UInt64 = 0
        var weighted = 0
        var last = 0
        for byte in bytes {
            switch byte {
            case 0x20, 0x2D:
                continue
            case 0x30...0x39:
                digits += 1
                guard digits <= 10 else { return .failure(.invalidFormat) }
                let digit = Int(byte &- 0x30)
                value = value &* 10 &+ UInt64(digit)
                if digits <= 9 { weighted += digit * (11 - digits) } else { last = digit }
            default:
                return .failure(.invalidFormat)
            }
        }
        if digits == 0 {
            // Empty or only separators; any other character already returned invalid_format.
            return .failure(.missing)
        }
        guard digits == 10 else { return .failure(.invalidFormat) }
        let remainder = 11 - weighted % 11
        if remainder == 10 { return .failure(.mod11Invalid) }
        let expected = remainder == 11 ? 0 : remainder
        guard expected == last else { return .failure(.mod11Mismatch) }
        return .success(NHSNumber(value: value))
    }

    /// Calls `body` with the 10 ASCII digits (the HMAC message), without allocating.
    package func withASCIIDigits<Result>(_ body: (UnsafeRawBufferPointer) throws -> Result) rethrows -> Result {
        var digits: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) = (0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        return try withUnsafeMutableBytes(of: &digits) { buffer in
            var rest = value
            for index in stride(from: 9, through: 0, by: -1) {
                buffer[index] = UInt8(truncatingIfNeeded: rest % 10) &+ 0x30
                rest /= 10
            }
            return try body(UnsafeRawBufferPointer(buffer))
        }
    }

    package var description: String { "<nhs-number>" }
    package var debugDescription: String { "<nhs-number>" }
}
