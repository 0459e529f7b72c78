import Foundation
import PipelineTesting
import Testing
import TransformRunner

@Suite struct SlopeIndexOfInequalityTests {
    static let deciles: [SlopeIndexOfInequality.Decile] = zip(1...10, [120.0, 95, 150, 80, 110, 70, 60, 130, 90, 100]).map { decile, population in
        SlopeIndexOfInequality.Decile(decile: decile, population: population, value: 0.42 - 0.021 * Double(decile) + (decile % 3 == 0 ? 0.013 : 0), standardError: 0.02)
    }

    /// numpy's weighted least squares on the same ranks and weights, written independently of the Swift code.
    static func numpyReference(_ deciles: [SlopeIndexOfInequality.Decile]) throws -> (sii: Double, rii: Double) {
        let pops = deciles.map { String($0.population) }.joined(separator: ",")
        let values = deciles.map { String($0.value) }.joined(separator: ",")
        let script = """
            import numpy as np
            pop = np.array([\(pops)]); y = np.array([\(values)])
            w = pop / pop.sum(); x = (np.cumsum(pop) - pop / 2) / pop.sum()
            X = np.column_stack([np.ones(10), x]); W = np.diag(w)
            a, b = np.linalg.solve(X.T @ W @ X, X.T @ W @ y)
            print(repr(float(a - (a + b))), repr(float(a / (a + b))))
            """
        let result = try ProcessRunner.run("python3", ["-c", script], timeout: 60)
        let parts = result.standardOutput.split(separator: " ").compactMap { Double($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
        guard result.status == 0, parts.count == 2 else { throw ReferenceFailed(output: result.standardError) }
        return (parts[0], parts[1])
    }

    struct ReferenceFailed: Error { var output: String }

    @Test func matchesAnIndependentWeightedLeastSquaresFit() throws {
        var random = SeededRandom(seed: 1)
        let result = SlopeIndexOfInequality.compute(Self.deciles, simulations: 4000, random: &random)
        let reference = try Self.numpyReference(Self.deciles)
        let sii = try #require(result.sii)
        let rii = try #require(result.rii)
        #expect(abs(sii - reference.sii) < 1e-12)
        #expect(abs(rii - reference.rii) < 1e-12)
        // The metric falls with affluence, so it is higher in the most deprived areas: positive SII, RII > 1.
        #expect(sii > 0)
        #expect(rii > 1)
        let lower = try #require(result.siiLower)
        let upper = try #require(result.siiUpper)
        #expect(lower < sii && sii < upper)
        #expect(result.note == nil)
    }

    @Test func simulationIsReproducibleForTheSameSeed() {
        var first = SeededRandom(seed: 7, label: "dna_rate|2025-03-01")
        var second = SeededRandom(seed: 7, label: "dna_rate|2025-03-01")
        let a = SlopeIndexOfInequality.compute(Self.deciles, simulations: 500, random: &first)
        let b = SlopeIndexOfInequality.compute(Self.deciles, simulations: 500, random: &second)
        #expect(a == b)
    }

    @Test func refusesWhenADecileIsMissingOrEmpty() {
        var random = SeededRandom(seed: 1)
        let missing = SlopeIndexOfInequality.compute(Array(Self.deciles.dropLast()), simulations: 10, random: &random)
        #expect(missing.sii == nil && missing.rii == nil && missing.note == "missing_decile")
        var empty = Self.deciles
        empty[4].population = 0
        let zero = SlopeIndexOfInequality.compute(empty, simulations: 10, random: &random)
        #expect(zero.sii == nil && zero.note == "zero_population")
    }
}
