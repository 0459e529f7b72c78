import Foundation

/// The simulator's pseudo-random generator: xoshiro256** seeded through SplitMix64.
///
/// Every entity draws from its own stream, derived from the run seed and a (domain, index) pair, so a
/// patient's data does not change when another patient's does, and output is identical across runs and
/// machines. Never use `SystemRandomNumberGenerator` in the simulator.
package struct SimulationRandom: RandomNumberGenerator, Sendable {
    private var s0: UInt64
    private var s1: UInt64
    private var s2: UInt64
    private var s3: UInt64

    /// A generator seeded from one 64-bit value (expanded with SplitMix64).
    package init(seed: UInt64) {
        var mixer = seed
        s0 = SimulationRandom.splitMix(&mixer)
        s1 = SimulationRandom.splitMix(&mixer)
        s2 = SimulationRandom.splitMix(&mixer)
        s3 = SimulationRandom.splitMix(&mixer)
        if s0 | s1 | s2 | s3 == 0 { s0 = 0x9E37_79B9_7F4A_7C15 }
    }

    /// The independent stream for `index` within `domain` (e.g. patient 17's stream) of run `seed`.
    package init(seed: UInt64, domain: SimulationStream, index: UInt64 = 0) {
        var mixer = seed ^ (domain.rawValue &* 0xD6E8_FEB8_6659_FD93)
        let base = SimulationRandom.splitMix(&mixer)
        var second = base ^ (index &* 0x9E37_79B9_7F4A_7C15)
        self.init(seed: SimulationRandom.splitMix(&second))
    }

    package mutating func next() -> UInt64 {
        let result = ((s1 &* 5) << 7 | (s1 &* 5) >> 57) &* 9
        let t = s1 << 17
        s2 ^= s0
        s3 ^= s1
        s1 ^= s2
        s0 ^= s3
        s2 ^= t
        s3 = (s3 << 45) | (s3 >> 19)
        return result
    }

    /// A uniform double in [0, 1).
    package mutating func unit() -> Double { Double(next() >> 11) * 0x1.0p-53 }

    /// True with probability `p`.
    package mutating func chance(_ p: Double) -> Bool { unit() < p }

    /// A uniform integer in `range` (inclusive), without modulo bias worth caring about (64-bit multiply-shift).
    package mutating func int(_ range: ClosedRange<Int>) -> Int {
        let width = UInt64(range.upperBound - range.lowerBound) &+ 1
        if width == 0 { return Int(truncatingIfNeeded: next()) }
        return range.lowerBound + Int(next().multipliedFullWidth(by: width).high)
    }

    /// One element of a non-empty array, uniformly.
    package mutating func pick<T>(_ values: [T]) -> T { values[int(0...(values.count - 1))] }

    /// An index drawn from unnormalised non-negative `weights`.
    package mutating func weighted(_ weights: [Double]) -> Int {
        var total = 0.0
        for weight in weights { total += weight }
        var target = unit() * total
        for (index, weight) in weights.enumerated() {
            target -= weight
            if target < 0 { return index }
        }
        return weights.count - 1
    }

    /// A standard normal deviate (Box–Muller).
    package mutating func normal(mean: Double, deviation: Double) -> Double {
        let u1 = max(unit(), 0x1.0p-53)
        let u2 = unit()
        return mean + deviation * (-2 * Foundation.log(u1)).squareRoot() * cos(2 * Double.pi * u2)
    }

    /// A Poisson deviate (Knuth for small means, normal approximation above 30).
    package mutating func poisson(_ mean: Double) -> Int {
        guard mean > 0 else { return 0 }
        if mean > 30 { return max(0, Int(normal(mean: mean, deviation: mean.squareRoot()).rounded())) }
        let limit = exp(-mean)
        var product = unit()
        var count = 0
        while product > limit {
            count += 1
            product *= unit()
        }
        return count
    }

    private static func splitMix(_ state: inout UInt64) -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// The independent random streams of a simulation; each value names one family of streams.
package enum SimulationStream: UInt64, Sendable {
    case patient = 1
    case nhsNumber = 2
    case providers = 3
    case reference = 4
    case fileDefects = 5
    case siteManagers = 6
}
