/// Small-cell suppression for aggregate tables (DOMAIN §5).
///
/// * **Primary**: a cell is suppressed when its population count, its numerator, or (for proportions) the
///   complement `population − numerator` is below the threshold (zero included) — each is a published or
///   derivable count.
/// * **Secondary**: within each partition (one metric, period and stratifier — every stratifier partitions the
///   same population, so the partition total is derivable), if exactly one cell is suppressed, the remaining
///   cell with the smallest population is suppressed too, so no suppressed cell equals total − published cells.
/// * **Rounding** (optional, OpenSAFELY practice): published counts are rounded to the nearest `rounding`, and
///   proportions are recomputed from the rounded counts.
package struct DisclosureControl: Sendable {
    package var threshold: Int
    package var rounding: Int

    package init(threshold: Int = 5, rounding: Int = 1) {
        self.threshold = threshold
        self.rounding = max(1, rounding)
    }

    /// A cell's counts, as seen by disclosure control.
    package struct Cell: Sendable, Hashable {
        package var stratum: String
        package var numerator: Int?
        package var population: Int

        package init(stratum: String, numerator: Int?, population: Int) {
            self.stratum = stratum
            self.numerator = numerator
            self.population = population
        }
    }

    /// Whether a cell fails the primary rule.
    package func isSmall(_ cell: Cell) -> Bool {
        if cell.population < threshold { return true }
        if let numerator = cell.numerator, numerator < threshold || cell.population - numerator < threshold { return true }
        return false
    }

    /// The suppressed cells (by index) of one partition, after primary and secondary suppression.
    package func suppressed(_ partition: [Cell]) -> Set<Int> {
        var result = Set(partition.indices.filter { isSmall(partition[$0]) })
        if result.count == 1, partition.count > 1 {
            let candidate = partition.indices.filter { !result.contains($0) }
                .min { (partition[$0].population, partition[$0].stratum) < (partition[$1].population, partition[$1].stratum) }
            if let candidate { result.insert(candidate) }
        }
        return result
    }

    /// A published count after rounding.
    package func round(_ count: Int) -> Int {
        guard rounding > 1 else { return count }
        return Int((Double(count) / Double(rounding)).rounded(.toNearestOrAwayFromZero)) * rounding
    }
}
