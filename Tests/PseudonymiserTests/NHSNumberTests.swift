import Testing
@testable import Pseudonymiser

@Suite struct NHSNumberTests {
    static func reason(_ text: String?) -> String {
        switch NHSNumber.check(text) {
        case .success: return "valid"
        case .failure(let reason): return reason.rawValue
        }
    }

    @Test(arguments: [
        // REFERENCE §3.3 vectors (with DOMAIN §3's `missing` for the empty string).
        ("9434765919", "valid"), ("1234567881", "valid"), ("9434765910", "mod11_mismatch"),
        ("123456789A", "invalid_format"), ("123456789", "invalid_format"), ("12345678901", "invalid_format"),
        ("", "missing"), ("123 456 78", "invalid_format"), ("1000000010", "mod11_invalid"), ("1000000060", "valid"),
        // Our own: normalisation, leading zeros, other characters.
        ("943 476 5919", "valid"), ("943-476-5919", "valid"), (" 9434765919 ", "valid"), ("0123456789", "valid"),
        ("4010232137", "valid"), ("4505577104", "valid"), ("0000000000", "valid"), ("   ", "missing"), ("--", "missing"),
        ("9434765919\n", "invalid_format"), ("9434765919\t", "invalid_format"), ("+9434765919", "invalid_format"),
        ("943.476.5919", "invalid_format"), ("９４３４７６５９１９", "invalid_format"), ("94347659190", "invalid_format"),
        ("4010232138", "mod11_mismatch"), ("0123456780", "mod11_mismatch"),
    ])
    func classifiesNHSNumbers(input: String, expected: String) {
        #expect(Self.reason(input) == expected)
    }

    @Test func nullIsMissing() {
        #expect(Self.reason(nil) == "missing")
    }

    @Test func formattingVariantsNormaliseToTheSameNumber() throws {
        let plain = try NHSNumber.check("9434765919").get()
        #expect(try NHSNumber.check("943 476 5919").get() == plain)
        #expect(try NHSNumber.check("943-476-5919").get() == plain)
        #expect(plain.withASCIIDigits { Array($0) } == Array("9434765919".utf8))
        #expect(try NHSNumber.check("0123456789").get().withASCIIDigits { Array($0) } == Array("0123456789".utf8))
    }

    @Test func everySingleDigitMutationOfAValidNumberIsRejected() throws {
        // REFERENCE §1.4: replacing one of the first nine digits always breaks the checksum.
        let valid = Array("9434765919".utf8)
        for position in 0..<9 {
            for shift in 1...9 {
                var mutated = valid
                mutated[position] = UInt8(ascii: "0") + (valid[position] - UInt8(ascii: "0") + UInt8(shift)) % 10
                let result = Self.reason(String(decoding: mutated, as: UTF8.self))
                #expect(result == "mod11_mismatch" || result == "mod11_invalid")
            }
        }
    }

    @Test func descriptionNeverRevealsTheNumber() throws {
        let number = try NHSNumber.check("9434765919").get()
        #expect(!"\(number)".contains("943"))
        #expect(!String(reflecting: number).contains("943"))
    }
}
