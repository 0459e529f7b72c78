import Crypto
import Foundation

/// Computes `patient_sk = lower-case hex(HMAC-SHA-256(key, ascii(10 digits)))` for NHS numbers.
///
/// The keyed HMAC state (inner and outer pads already absorbed) is computed once in `init` and copied for
/// every message, which is about 2.5× faster than keying HMAC per message. The batch stage and the UDF
/// endpoint use this one type, so their pseudonyms are identical by construction.
package struct PatientPseudonymiser: Sendable {
    private let keyed: HMAC<SHA256>

    package init(key: PseudonymKey) {
        keyed = HMAC<SHA256>(key: key.symmetricKey)
    }

    /// The pseudonym of a valid NHS number.
    package func patientSK(_ number: NHSNumber) -> String {
        var hmac = keyed
        number.withASCIIDigits { hmac.update(data: $0) }
        return hmac.finalize().withUnsafeBytes(PatientPseudonymiser.lowerHex)
    }

    /// Validates and pseudonymises a raw source value (nil = null).
    package func patientSK(raw: String?) -> Result<String, NHSNumberRejection> {
        NHSNumber.check(raw).map(patientSK)
    }

    /// The raw 32-byte MAC (for benchmarks and tests comparing byte-for-byte).
    package func mac(_ message: UnsafeRawBufferPointer) -> [UInt8] {
        var hmac = keyed
        hmac.update(data: message)
        return hmac.finalize().withUnsafeBytes { Array($0) }
    }

    /// Lower-case hex of `bytes`.
    package static func lowerHex(_ bytes: UnsafeRawBufferPointer) -> String {
        let alphabet: StaticString = "0123456789abcdef"
        return String(unsafeUninitializedCapacity: bytes.count * 2) { output in
            alphabet.withUTF8Buffer { table in
                for (index, byte) in bytes.enumerated() {
                    output[2 * index] = table[Int(byte >> 4)]
                    output[2 * index + 1] = table[Int(byte & 0x0F)]
                }
            }
            return bytes.count * 2
        }
    }
}
