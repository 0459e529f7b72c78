import Foundation

/// A small deterministic generator (SplitMix64) with standard-normal draws (Box–Muller), so confidence
/// intervals by simulation are reproducible: the same inputs and seed give the same bounds on every run.
package struct SeededRandom: RandomNumberGenerator, Sendable {
    private var state: UInt64
    private var spare: Double?

    package init(seed: UInt64) { state = seed }

    /// A seed derived from a base seed and a label (FNV-1a), e.g. one stream per metric and period.
    package init(seed: UInt64, label: String) {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in label.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01B3
        }
        self.init(seed: seed ^ hash)
    }

    package mutating func next() -> UInt64 {
        state = state &+ 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A uniform value in (0, 1).
    package mutating func unit() -> Double {
        (Double(next() >> 11) + 0.5) / 9_007_199_254_740_992.0
    }

    /// A standard normal value.
    package mutating func normal() -> Double {
        if let value = spare {
            spare = nil
            return value
        }
        let radius = (-2 * _log(unit())).squareRoot()
        let angle = 2 * Double.pi * unit()
        spare = radius * _sin(angle)
        return radius * _cos(angle)
    }
}

private func _log(_ x: Double) -> Double { Foundation.log(x) }
private func _sin(_ x: Double) -> Double { Foundation.sin(x) }
private func _cos(_ x: Double) -> Double { Foundation.cos(x) }
