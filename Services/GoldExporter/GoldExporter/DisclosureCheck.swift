import Parquet
import PipelineContracts

/// The exporter's own disclosure-control gate, independent of the transform (DOMAIN §5, REFERENCE §5.7).
///
/// Rules, checked before anything is written:
/// 1. No published count below the threshold (`population_count` in `fct_inequality`, any `*_count` column
///    of another aggregate table).
/// 2. A suppressed cell (null `population_count`) hides its metric value too, and a suppression flag column
///    (`is_suppressed`, `suppressed`, `suppression_flag`), when present, says so.
/// 3. Secondary suppression: within a metric × period × stratifier partition, one suppressed cell among
///    several must not be recoverable by subtraction — so a lone suppressed cell is a violation whenever
///    the partition total is published (an explicit total row, or any fully published stratifier of the
///    same metric and period, since every stratifier partitions the same population).
/// 4. With rounding configured, every published count is a multiple of it.
package struct DisclosureCheck: Sendable {
    package var threshold: Int
    package var rounding: Int

    package init(threshold: Int, rounding: Int) {
        self.threshold = threshold
        self.rounding = rounding
    }

    static let flagColumns = ["is_suppressed", "suppressed", "suppression_flag"]
    static let totalStrata: Set<String> = ["all", "total", "overall"]

    /// Every violation in the aggregate tables among `tables` (person-level tables are not aggregates).
    package func violations(in tables: [GoldTable]) throws -> [DisclosureViolation] {
        var found: [DisclosureViolation] = []
        for table in tables where !table.isPersonLevel {
            if table.name == "fct_inequality" {
                found += try inequalityViolations(table)
            } else {
                found += try countViolations(table)
            }
        }
        return found
    }

    private func countViolations(_ table: GoldTable) throws -> [DisclosureViolation] {
        let counts = table.columnNames.filter { $0.hasSuffix("_count") }
        guard !counts.isEmpty else { return [] }
        var found: [DisclosureViolation] = []
        let values = try table.values(counts)
        for column in counts {
            for (row, value) in (values[column] ?? []).enumerated() {
                guard let count = value.int64Value else { continue }
                if let rule = rule(for: count) { found.append(DisclosureViolation(table: table.name, column: column, cell: "row \(row + 1)", rule: rule)) }
            }
        }
        return found
    }

    private func rule(for count: Int64) -> String? {
        if count < Int64(threshold) { return "published count below the suppression threshold \(threshold)" }
        if rounding > 1, count % Int64(rounding) != 0 { return "published count is not rounded to a multiple of \(rounding)" }
        return nil
    }

    private func inequalityViolations(_ table: GoldTable) throws -> [DisclosureViolation] {
        let flag = DisclosureCheck.flagColumns.first { table.columnNames.contains($0) }
        let keys = ["metric_name", "period", "stratifier", "stratum"]
        let values = try table.values(keys + ["population_count", "metric_value"] + (flag.map { [$0] } ?? []))
        guard let populations = values["population_count"] else {
            return [DisclosureViolation(table: table.name, column: "population_count", cell: "table", rule: "column missing; cannot verify suppression")]
        }
        let metricValues = values["metric_value"] ?? []
        func text(_ column: String, _ row: Int) -> String { GoldValueText.text(values[column]?[row] ?? .null) }
        func cell(_ row: Int) -> String { keys.map { "\($0)=\(text($0, row))" }.joined(separator: ", ") }

        var found: [DisclosureViolation] = []
        struct Partition { var cells = 0; var suppressed: [Int] = [] }
        var partitions: [[String]: Partition] = [:]
        var totalsPublished: Set<[String]> = []
        for row in populations.indices {
            // SII/RII rows summarise a whole decile gradient: they carry no count of their own.
            if ["SII", "RII"].contains(text("stratum", row).uppercased()) { continue }
            let isSuppressed = populations[row].isNull
            if let count = populations[row].int64Value, let rule = rule(for: count) {
                found.append(DisclosureViolation(table: table.name, column: "population_count", cell: cell(row), rule: rule))
            }
            if isSuppressed, row < metricValues.count, !metricValues[row].isNull {
                found.append(DisclosureViolation(table: table.name, column: "metric_value", cell: cell(row), rule: "suppressed cell publishes its metric value"))
            }
            if let flag, let marked = values[flag]?[row].boolValue, marked != isSuppressed {
                found.append(DisclosureViolation(table: table.name, column: flag, cell: cell(row), rule: "suppression flag disagrees with the null count"))
            }
            let metricPeriod = [text("metric_name", row), text("period", row)]
            let stratifier = text("stratifier", row)
            if DisclosureCheck.totalStrata.contains(stratifier.lowercased()) || DisclosureCheck.totalStrata.contains(text("stratum", row).lowercased()) {
                if !isSuppressed { totalsPublished.insert(metricPeriod) }
                continue
            }
            partitions[metricPeriod + [stratifier], default: Partition()].cells += 1
            if isSuppressed { partitions[metricPeriod + [stratifier]]!.suppressed.append(row) }
        }
        // A fully published stratifier makes the metric × period total derivable.
        for (key, partition) in partitions where partition.suppressed.isEmpty { totalsPublished.insert(Array(key.prefix(2))) }
        for (key, partition) in partitions.sorted(by: { $0.key.lexicographicallyPrecedes($1.key) })
        where partition.suppressed.count == 1 && partition.cells > 1 && totalsPublished.contains(Array(key.prefix(2))) {
            found.append(
                DisclosureViolation(
                    table: table.name, column: "population_count", cell: cell(partition.suppressed[0]),
                    rule: "only suppressed cell of its metric × period × stratifier partition while the total is derivable (secondary suppression missing)"))
        }
        return found
    }
}

/// Canonical text of a Gold cell for messages, manifests and the dashboard.
package enum GoldValueText {
    package static func text(_ value: ParquetValue) -> String {
        switch value {
        case .null: return "null"
        case .bool(let flag): return flag ? "true" : "false"
        case .int32(let number): return String(number)
        case .int64(let number): return String(number)
        case .float(let number): return String(number)
        case .double(let number): return String(number)
        case .string(let string): return string
        case .bytes(let bytes): return "\(bytes.count) bytes"
        case .date(let days): return BusinessDate(daysSinceEpoch: Int(days)).description
        case .timestamp(let units): return String(units)
        case .decimal(let unscaled): return String(unscaled)
        }
    }
}
