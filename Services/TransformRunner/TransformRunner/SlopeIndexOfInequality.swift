/// The Slope and Relative Index of Inequality by the PHE/OHID method (PHEindicatormethods `phe_sii`,
/// Low & Low 2004) with `multiplier = -1`.
///
/// Deciles are ordered most deprived (IMD decile 1) → least deprived (10). Each decile's relative rank is the
/// midpoint of its cumulative population share; the metric is regressed on the rank by weighted least squares
/// with weights = population share. With fitted line `a + b·x` over x ∈ [0, 1]:
/// * `sii = fitted(most deprived, x = 0) − fitted(least deprived, x = 1) = −b` — positive means the metric is
///   higher in the most deprived areas;
/// * `rii = fitted(most) / fitted(least) = a / (a + b)`.
///
/// 95% confidence intervals come from a seeded simulation: each repetition draws every decile's value from a
/// normal distribution with the decile's standard error (proportions: the binomial standard error
/// √(p(1−p)/n); medians: the normal approximation 1.2533·sd/√n), refits, and the 2.5th and 97.5th
/// percentiles of the simulated sii / rii are the bounds.
package enum SlopeIndexOfInequality {
    /// One decile's inputs.
    package struct Decile: Sendable, Hashable {
        package var decile: Int
        package var population: Double
        package var value: Double
        package var standardError: Double

        package init(decile: Int, population: Double, value: Double, standardError: Double) {
            self.decile = decile
            self.population = population
            self.value = value
            self.standardError = standardError
        }
    }

    /// The result, or the reason it was refused.
    package struct Result: Sendable, Hashable {
        package var sii: Double?
        package var siiLower: Double?
        package var siiUpper: Double?
        package var rii: Double?
        package var riiLower: Double?
        package var riiUpper: Double?
        /// Each decile's relative rank (midpoint of cumulative population share), by decile.
        package var ranks: [Int: Double]
        /// Why sii/rii are null: `missing_decile`, `zero_population`, `rii_undefined`.
        package var note: String?
    }

    /// Fits the line; nil when all ranks coincide (cannot happen with 10 deciles of positive population).
    package static func fit(ranks: [Double], values: [Double], weights: [Double]) -> (intercept: Double, slope: Double)? {
        let total = weights.reduce(0, +)
        guard total > 0 else { return nil }
        let meanX = zip(weights, ranks).reduce(0) { $0 + $1.0 * $1.1 } / total
        let meanY = zip(weights, values).reduce(0) { $0 + $1.0 * $1.1 } / total
        var sxy = 0.0
        var sxx = 0.0
        for i in ranks.indices {
            sxy += weights[i] * (ranks[i] - meanX) * (values[i] - meanY)
            sxx += weights[i] * (ranks[i] - meanX) * (ranks[i] - meanX)
        }
        guard sxx > 0 else { return nil }
        let slope = sxy / sxx
        return (meanY - slope * meanX, slope)
    }

    /// Computes SII/RII with simulated 95% intervals; refuses unless all ten deciles have positive population.
    package static func compute(_ deciles: [Decile], simulations: Int, random: inout SeededRandom) -> Result {
        let byDecile = Dictionary(deciles.map { ($0.decile, $0) }, uniquingKeysWith: { first, _ in first })
        guard (1...10).allSatisfy({ byDecile[$0] != nil }) else {
            return Result(ranks: [:], note: "missing_decile")
        }
        let ordered = (1...10).map { byDecile[$0]! }
        guard ordered.allSatisfy({ $0.population > 0 && $0.value.isFinite }) else {
            return Result(ranks: [:], note: "zero_population")
        }
        let total = ordered.reduce(0) { $0 + $1.population }
        var cumulative = 0.0
        var ranks: [Double] = []
        for decile in ordered {
            ranks.append((cumulative + decile.population / 2) / total)
            cumulative += decile.population
        }
        let weights = ordered.map { $0.population / total }
        let values = ordered.map(\.value)
        let rankByDecile = Dictionary(uniqueKeysWithValues: zip(1...10, ranks))
        guard let line = fit(ranks: ranks, values: values, weights: weights) else {
            return Result(ranks: rankByDecile, note: "zero_population")
        }
        func indices(_ line: (intercept: Double, slope: Double)) -> (sii: Double, rii: Double?) {
            let most = line.intercept
            let least = line.intercept + line.slope
            return (most - least, least != 0 ? most / least : nil)
        }
        let point = indices(line)
        var simulatedSII: [Double] = []
        var simulatedRII: [Double] = []
        simulatedSII.reserveCapacity(simulations)
        for _ in 0..<max(0, simulations) {
            let drawn = ordered.map { $0.value + $0.standardError * random.normal() }
            guard let simulated = fit(ranks: ranks, values: drawn, weights: weights) else { continue }
            let result = indices(simulated)
            simulatedSII.append(result.sii)
            if let rii = result.rii { simulatedRII.append(rii) }
        }
        let siiBounds = percentileBounds(simulatedSII)
        let riiBounds = percentileBounds(simulatedRII)
        return Result(
            sii: point.sii, siiLower: siiBounds?.lower, siiUpper: siiBounds?.upper, rii: point.rii,
            riiLower: point.rii == nil ? nil : riiBounds?.lower, riiUpper: point.rii == nil ? nil : riiBounds?.upper,
            ranks: rankByDecile, note: point.rii == nil ? "rii_undefined" : nil)
    }

    /// The 2.5th and 97.5th percentiles (linear interpolation between order statistics).
    package static func percentileBounds(_ samples: [Double]) -> (lower: Double, upper: Double)? {
        guard !samples.isEmpty else { return nil }
        let sorted = samples.sorted()
        func quantile(_ q: Double) -> Double {
            let position = q * Double(sorted.count - 1)
            let low = Int(position.rounded(.down))
            let high = min(low + 1, sorted.count - 1)
            return sorted[low] + (sorted[high] - sorted[low]) * (position - Double(low))
        }
        return (quantile(0.025), quantile(0.975))
    }
}
