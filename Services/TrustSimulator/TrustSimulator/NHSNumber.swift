/// NHS numbers as the simulated Trust records them: valid Mod-11 numbers and deliberately invalid ones.
///
/// Values are text (leading zeros intact). Never log or publish them outside the source systems.
package enum NHSNumber {
    /// Why a recorded NHS number is rejected (DOMAIN §3); `nil` from ``validate(_:)`` means valid.
    package enum Rejection: String, Sendable, Codable, CaseIterable, Comparable {
        case missing
        case invalidFormat = "invalid_format"
        case mod11Invalid = "mod11_invalid"
        case mod11Mismatch = "mod11_mismatch"

        package static func < (lhs: Rejection, rhs: Rejection) -> Bool { lhs.rawValue < rhs.rawValue }
    }

    /// How a patient's number is written in the source.
    package enum Recording: String, Sendable, Codable, CaseIterable {
        case valid
        /// Valid digits written with spaces (`943 476 5919`); normalises to a valid number.
        case spaced
        /// Valid digits written with hyphens (`943-476-5919`); normalises to a valid number.
        case hyphenated
        case missing
        case invalidFormat = "invalid_format"
        case mod11Invalid = "mod11_invalid"
        case mod11Mismatch = "mod11_mismatch"

        /// The rejection this recording is designed to trigger, if any.
        package var expectedRejection: Rejection? {
            switch self {
            case .valid, .spaced, .hyphenated: return nil
            case .missing: return .missing
            case .invalidFormat: return .invalidFormat
            case .mod11Invalid: return .mod11Invalid
            case .mod11Mismatch: return .mod11Mismatch
            }
        }
    }

    private static let weights = [10, 9, 8, 7, 6, 5, 4, 3, 2]

    /// The check digit for nine digits: 0…9, or 10 when the number cannot be valid.
    package static func checkDigit(_ nine: [Int]) -> Int {
        var sum = 0
        for index in 0..<9 { sum += nine[index] * weights[index] }
        let check = 11 - sum % 11
        return check == 11 ? 0 : check
    }

    /// Validates a recorded value with the pipeline's normalisation (spaces and hyphens removed).
    package static func validate(_ recorded: String?) -> Rejection? {
        guard let recorded, !recorded.isEmpty else { return .missing }
        let normalised = recorded.filter { $0 != " " && $0 != "-" }
        let digits = normalised.compactMap { $0.isASCII ? $0.wholeNumberValue : nil }
        guard normalised.count == 10, digits.count == 10 else { return .invalidFormat }
        let check = checkDigit(Array(digits.prefix(9)))
        if check == 10 { return .mod11Invalid }
        return check == digits[9] ? nil : .mod11Mismatch
    }

    /// Draws nine digits whose check digit is not 10, returned as the full 10-digit value.
    package static func drawValid(_ random: inout SimulationRandom) -> UInt64 {
        while true {
            let nine = (0..<9).map { _ in random.int(0...9) }
            let check = checkDigit(nine)
            if check == 10 { continue }
            return (nine + [check]).reduce(0) { $0 * 10 + UInt64($1) }
        }
    }

    /// The recorded text for `value` (a valid 10-digit number) written as `recording`, using `random` for
    /// the defect. Missing returns nil.
    package static func record(_ value: UInt64, as recording: Recording, random: inout SimulationRandom) -> String? {
        let digits = tenDigits(value)
        let text = String(decoding: digits.map { UInt8(48 + $0) }, as: UTF8.self)
        switch recording {
        case .valid: return text
        case .spaced: return "\(text.prefix(3)) \(text.dropFirst(3).prefix(3)) \(text.suffix(4))"
        case .hyphenated: return "\(text.prefix(3))-\(text.dropFirst(3).prefix(3))-\(text.suffix(4))"
        case .missing: return nil
        case .invalidFormat:
            switch random.int(0...3) {
            case 0: return String(text.dropFirst())  // nine digits (lost leading digit)
            case 1: return text + String(random.int(0...9))  // eleven digits
            case 2: return String(text.prefix(4)) + "O" + String(text.dropFirst(5))  // letter O for zero
            default: return String(text.prefix(9)) + "X"
            }
        case .mod11Invalid:
            while true {
                let nine = (0..<9).map { _ in random.int(0...9) }
                if checkDigit(nine) == 10 {
                    return String(decoding: (nine + [random.int(0...9)]).map { UInt8(48 + $0) }, as: UTF8.self)
                }
            }
        case .mod11Mismatch:
            var changed = digits
            let check = checkDigit(Array(digits.prefix(9)))
            changed[9] = (check + random.int(1...9)) % 10
            return String(decoding: changed.map { UInt8(48 + $0) }, as: UTF8.self)
        }
    }

    /// The ten decimal digits of `value`, most significant first (leading zeros kept).
    package static func tenDigits(_ value: UInt64) -> [Int] {
        var remaining = value
        var digits = [Int](repeating: 0, count: 10)
        for index in stride(from: 9, through: 0, by: -1) {
            digits[index] = Int(remaining % 10)
            remaining /= 10
        }
        return digits
    }
}
