import Foundation
import Synchronization

/// A run identifier: a UUIDv7 in lower-case canonical form.
///
/// UUIDv7 starts with a millisecond Unix timestamp, so run ids sort by creation time and the latest
/// run of anything is simply the greatest run id. Ids made in one process are strictly increasing.
package struct RunID: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    /// The canonical text, e.g. `0190b6f2-6a2c-7d4e-8f00-1a2b3c4d5e6f`.
    package let description: String

    /// Parses a canonical lower- or upper-case UUIDv7.
    package init(_ text: String) throws {
        let lower = text.lowercased()
        let bytes = Array(lower.utf8)
        let hyphens: Set<Int> = [8, 13, 18, 23]
        guard bytes.count == 36,
            bytes.enumerated().allSatisfy({ index, byte in
                hyphens.contains(index) ? byte == UInt8(ascii: "-") : RunID.isHex(byte)
            }),
            bytes[14] == UInt8(ascii: "7"), [UInt8(ascii: "8"), UInt8(ascii: "9"), UInt8(ascii: "a"), UInt8(ascii: "b")].contains(bytes[19])
        else { throw ContractError(.malformedRunID, "not a UUIDv7 run id: '\(text.prefix(40))'") }
        self.description = lower
    }

    /// Makes a new run id for `now`, strictly greater than any made earlier in this process.
    package static func generate(now: Date = Date()) -> RunID {
        var random = SystemRandomNumberGenerator()
        return generate(now: now, using: &random)
    }

    package static func generate(now: Date, using random: inout some RandomNumberGenerator) -> RunID {
        let wallMillis = UInt64(max(0, now.timeIntervalSince1970 * 1000))
        // 48-bit time + 12-bit counter (rand_a) keep ids monotonic within a millisecond.
        let (millis, counter) = RunID.clock.withLock { state -> (UInt64, UInt64) in
            if wallMillis > state.millis {
                state = (wallMillis, UInt64.random(in: 0..<2048, using: &random))
            } else if state.counter < 4095 {
                state.counter += 1
            } else {
                state = (state.millis + 1, 0)
            }
            return (state.millis, state.counter)
        }
        var bytes = [UInt8](repeating: 0, count: 16)
        for i in 0..<6 { bytes[i] = UInt8(truncatingIfNeeded: millis >> (8 * (5 - UInt64(i)))) }
        bytes[6] = 0x70 | UInt8(truncatingIfNeeded: counter >> 8)
        bytes[7] = UInt8(truncatingIfNeeded: counter)
        let tail = random.next()
        for i in 8..<16 { bytes[i] = UInt8(truncatingIfNeeded: tail >> (8 * UInt64(i - 8))) }
        bytes[8] = 0x80 | (bytes[8] & 0x3F)
        let hex = bytes.map { String(format: "%02x", $0) }.joined()
        let parts = [hex.prefix(8), hex.dropFirst(8).prefix(4), hex.dropFirst(12).prefix(4), hex.dropFirst(16).prefix(4), hex.dropFirst(20)]
        return try! RunID(parts.joined(separator: "-"))
    }

    /// The creation instant encoded in the id (millisecond precision).
    package var createdAt: Date {
        let hex = description.replacingOccurrences(of: "-", with: "").prefix(12)
        return Date(timeIntervalSince1970: Double(UInt64(hex, radix: 16) ?? 0) / 1000)
    }

    package static func < (lhs: RunID, rhs: RunID) -> Bool { lhs.description < rhs.description }

    package init(from decoder: any Decoder) throws {
        try self.init(try decoder.singleValueContainer().decode(String.self))
    }

    package func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }

    private static func isHex(_ byte: UInt8) -> Bool {
        (48...57).contains(byte) || (97...102).contains(byte)
    }

    private static let clock = Mutex<(millis: UInt64, counter: UInt64)>((0, 0))
}
