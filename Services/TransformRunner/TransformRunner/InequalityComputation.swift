import Foundation
import Postgres

/// Builds `fct_inequality` from unsuppressed cells: per-cell 95% CIs, SII/RII per metric and period, and
/// disclosure control (the `computed_by: inequality` step).
///
/// Output grain: metric × period × stratifier × stratum. Stratum cells carry numerator, population_count,
/// metric_value and a 95% CI (proportions: Wilson score; medians: value ± 1.96 × 1.2533·sd/√n). For each metric
/// and period two more rows, stratifier `imd_decile` with strata `SII` and `RII`, carry the indices (see
/// ``SlopeIndexOfInequality``) and their CIs; the decile rows repeat them in `sii_*`/`rii_*` columns and carry
/// their `ridit_score` (relative rank). When any decile cell is suppressed, the ranks and indices are withheld
/// (note `suppressed_small_cells`), since they would reveal the suppressed populations.
package struct InequalityComputation: ModelComputation {
    package var disclosure: DisclosureControl
    package var simulations: Int
    package var seed: UInt64

    package init(disclosure: DisclosureControl, simulations: Int = 10_000, seed: UInt64 = 20_250_101) {
        self.disclosure = disclosure
        self.simulations = simulations
        self.seed = seed
    }

    /// The output columns.
    package static let columns: [(name: String, type: WarehouseColumnType)] = [
        ("metric_name", .text), ("metric_type", .text), ("period", .date), ("stratifier", .text), ("stratum", .text),
        ("numerator", .int64), ("population_count", .int64), ("metric_value", .double), ("ci_lower", .double),
        ("ci_upper", .double), ("ridit_score", .double), ("sii_value", .double), ("sii_ci_lower", .double),
        ("sii_ci_upper", .double), ("rii_value", .double), ("rii_ci_lower", .double), ("rii_ci_upper", .double),
        ("inequality_note", .text), ("is_suppressed", .boolean),
    ]

    /// One input cell.
    struct InputCell {
        var metric: String
        var type: String
        var period: String
        var stratifier: String
        var stratum: String
        var numerator: Int?
        var population: Int
        var value: Double?
        var sd: Double
    }

    package func compute(_ input: PostgresRows) throws -> ComputedTable {
        func column(_ name: String) throws -> Int {
            guard let index = input.index(of: name) else {
                throw TransformError(.invalidModel, "fct_inequality input lacks column \(name)")
            }
            return index
        }
        let c = (
            metric: try column("metric_name"), type: try column("metric_type"), period: try column("period"),
            stratifier: try column("stratifier"), stratum: try column("stratum"), numerator: try column("numerator"),
            population: try column("population_count"), value: try column("metric_value"), sd: try column("value_sd"))
        let cells = input.rows.map { row in
            InputCell(
                metric: row[c.metric] ?? "", type: row[c.type] ?? "", period: row[c.period] ?? "",
                stratifier: row[c.stratifier] ?? "", stratum: row[c.stratum] ?? "", numerator: row[c.numerator].flatMap { Int($0) },
                population: row[c.population].flatMap { Int($0) } ?? 0, value: row[c.value].flatMap { Double($0) },
                sd: row[c.sd].flatMap { Double($0) } ?? 0)
        }
        var output: [[String?]] = []
        let groups = Dictionary(grouping: cells) { "\($0.metric)\u{1}\($0.period)" }
        for key in groups.keys.sorted() {
            output += computeGroup(groups[key]!)
        }
        return ComputedTable(columns: InequalityComputation.columns, rows: output)
    }

    /// One metric and period: every stratifier's cells plus the SII/RII rows.
    private func computeGroup(_ cells: [InputCell]) -> [[String?]] {
        guard let first = cells.first else { return [] }
        var suppressed = Set<String>()  // "stratifier\u{1}stratum"
        let partitions = Dictionary(grouping: cells, by: \.stratifier)
        for (stratifier, partition) in partitions {
            let indices = disclosure.suppressed(partition.map { DisclosureControl.Cell(stratum: $0.stratum, numerator: $0.numerator, population: $0.population) })
            for index in indices { suppressed.insert(stratifier + "\u{1}" + partition[index].stratum) }
        }
        let deciles = cells.filter { $0.stratifier == "imd_decile" }
        let decileSuppressed = deciles.contains { suppressed.contains("imd_decile\u{1}" + $0.stratum) }
        var random = SeededRandom(seed: seed, label: first.metric + "|" + first.period)
        var inequality: SlopeIndexOfInequality.Result
        if decileSuppressed {
            inequality = SlopeIndexOfInequality.Result(ranks: [:], note: "suppressed_small_cells")
        } else {
            let inputs = deciles.compactMap { cell -> SlopeIndexOfInequality.Decile? in
                guard let decile = Int(cell.stratum), let value = cell.value else { return nil }
                return SlopeIndexOfInequality.Decile(
                    decile: decile, population: Double(cell.population), value: value, standardError: standardError(cell))
            }
            inequality = SlopeIndexOfInequality.compute(inputs, simulations: simulations, random: &random)
        }
        var rows: [[String?]] = []
        for cell in cells.sorted(by: { ($0.stratifier, sortKey($0.stratum)) < ($1.stratifier, sortKey($1.stratum)) }) {
            let isSuppressed = suppressed.contains(cell.stratifier + "\u{1}" + cell.stratum)
            var numerator: Int? = nil
            var population: Int? = nil
            var value: Double? = nil
            var bounds: (Double, Double)? = nil
            if !isSuppressed {
                numerator = cell.numerator.map(disclosure.round)
                population = disclosure.round(cell.population)
                if cell.type == "proportion", let n = numerator, let d = population, d > 0 {
                    value = Double(n) / Double(d)
                    bounds = wilson(successes: Double(n), trials: Double(d))
                } else {
                    value = cell.value
                    if let v = cell.value, let d = population, d > 0 {
                        let margin = 1.959964 * 1.2533 * cell.sd / Double(d).squareRoot()
                        bounds = (v - margin, v + margin)
                    }
                }
            }
            let isDecile = cell.stratifier == "imd_decile" && Int(cell.stratum) != nil
            let rank = isDecile ? Int(cell.stratum).flatMap { inequality.ranks[$0] } : nil
            rows.append([
                cell.metric, cell.type, cell.period, cell.stratifier, cell.stratum, numerator.map(String.init),
                population.map(String.init), value.map(text), bounds.map { text($0.0) }, bounds.map { text($0.1) },
                rank.map(text),
                isDecile ? inequality.sii.map(text) : nil, isDecile ? inequality.siiLower.map(text) : nil,
                isDecile ? inequality.siiUpper.map(text) : nil, isDecile ? inequality.rii.map(text) : nil,
                isDecile ? inequality.riiLower.map(text) : nil, isDecile ? inequality.riiUpper.map(text) : nil,
                isDecile ? inequality.note : nil, isSuppressed ? "t" : "f",
            ])
        }
        for (stratum, value, lower, upper) in [
            ("SII", inequality.sii, inequality.siiLower, inequality.siiUpper), ("RII", inequality.rii, inequality.riiLower, inequality.riiUpper),
        ] {
            rows.append([
                first.metric, first.type, first.period, "imd_decile", stratum, nil, nil, value.map(text), lower.map(text),
                upper.map(text), nil, inequality.sii.map(text), inequality.siiLower.map(text), inequality.siiUpper.map(text),
                inequality.rii.map(text), inequality.riiLower.map(text), inequality.riiUpper.map(text),
                value == nil ? (inequality.note ?? "not_computed") : inequality.note, "f",
            ])
        }
        return rows
    }

    private func standardError(_ cell: InputCell) -> Double {
        let n = Double(max(cell.population, 1))
        if cell.type == "proportion", let p = cell.value { return (max(0, p * (1 - p)) / n).squareRoot() }
        return 1.2533 * cell.sd / n.squareRoot()
    }

    /// Wilson score 95% interval.
    private func wilson(successes: Double, trials: Double) -> (Double, Double) {
        let z = 1.959964
        let p = successes / trials
        let denominator = 1 + z * z / trials
        let centre = (p + z * z / (2 * trials)) / denominator
        let margin = z * ((p * (1 - p) / trials + z * z / (4 * trials * trials)).squareRoot()) / denominator
        return (max(0, centre - margin), min(1, centre + margin))
    }

    private func sortKey(_ stratum: String) -> String {
        if let number = Int(stratum) { return String(format: "%08d", number) }
        return stratum
    }

    private func text(_ value: Double) -> String {
        value.isFinite ? "\(value)" : "NaN"
    }
}
