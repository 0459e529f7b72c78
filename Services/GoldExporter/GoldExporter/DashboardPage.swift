import Foundation
import Parquet
import PipelineContracts

/// The static, self-contained dashboard (`dashboard.html`): inline CSS and SVG, no scripts, no external assets.
///
/// Answers the reference dashboard's questions (REFERENCE §8) from the validated Gold tables. Every figure
/// built from fewer than `threshold` records is shown as "suppressed"; in the A&E heatmap a lone suppressed
/// cell gets a complementary one so it cannot be recovered by subtraction.
package struct DashboardPage {
    package var exportDate: BusinessDate
    package var goldRun: RunID
    package var tables: [String: GoldTable]
    package var threshold: Int
    package var generatedAt: Date

    package init(exportDate: BusinessDate, goldRun: RunID, tables: [GoldTable], threshold: Int, generatedAt: Date) {
        self.exportDate = exportDate
        self.goldRun = goldRun
        self.tables = Dictionary(uniqueKeysWithValues: tables.map { ($0.name, $0) })
        self.threshold = threshold
        self.generatedAt = generatedAt
    }

    package func render() throws -> String {
        var body = ""
        body += try kpis()
        body += try waitsByProvider()
        body += try inequality(metric: "wait_time_median", stratifier: "imd_decile", title: "Median wait (days) by IMD decile (1 = most deprived)", showSII: true, percent: false)
        body += try urgentCare()
        body += try inequality(metric: "dna_rate", stratifier: "ethnicity_ons", title: "DNA rate by ethnicity", showSII: false, percent: true)
        body += try inequality(metric: "dna_rate", stratifier: "imd_decile", title: "DNA rate by IMD decile", showSII: true, percent: true)
        body += try trends()
        return """
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><title>Northshire Access-IQ — export \(exportDate)</title>
            <style>
            body{font-family:Arial,Helvetica,sans-serif;margin:0;color:#212b32;background:#f0f4f5}
            header{background:#005eb8;color:#fff;padding:16px 24px} header h1{margin:0;font-size:22px}
            main{padding:16px 24px} section{background:#fff;margin:0 0 16px;padding:12px 16px;border-radius:4px}
            h2{color:#005eb8;font-size:18px;margin:4px 0 10px} .kpis{display:flex;flex-wrap:wrap;gap:12px}
            .kpi{background:#fff;border-left:4px solid #005eb8;padding:8px 12px;min-width:180px} .kpi b{display:block;font-size:22px}
            table{border-collapse:collapse;font-size:12px} td,th{border:1px solid #d8dde0;padding:3px 6px;text-align:right}
            th{background:#f0f4f5} td.l,th.l{text-align:left} .sup{background:repeating-linear-gradient(45deg,#ffeb3b,#ffeb3b 3px,#fff 3px,#fff 6px);color:#4c6272}
            .muted{color:#4c6272;font-size:12px}
            </style></head><body>
            <header><h1>Northshire Access-IQ — access and inequality dashboard</h1>
            <div>Export date <b>\(exportDate)</b> · Gold snapshot \(goldRun) · generated \(ContractJSON.format(generatedAt))</div></header>
            <main>
            <p class="muted">Figures based on fewer than \(threshold) records are shown as <span class="sup">suppressed</span> (disclosure control).</p>
            \(body)
            </main></body></html>

            """
    }

    // MARK: - Sections

    private func kpis() throws -> String {
        var cards: [(String, String, String)] = []
        if let waits = tables["fct_wait_times"] {
            let values = try waits.values(["wait_days", "rtt_breach_flag"])
            let flags = (values["rtt_breach_flag"] ?? []).compactMap(\.boolValue)
            let days = (values["wait_days"] ?? []).compactMap(\.doubleValue)
            cards.append(("RTT pathways breaching 18 weeks", rate(flags), "NHS standard: 92% within 18 weeks"))
            cards.append(("Median RTT wait", days.count < threshold ? "suppressed" : "\(format(percentile(days, 0.5))) days", "completed pathways"))
            let longWaiters = days.filter { $0 > 364 }.count
            cards.append(("52-week+ waiters", longWaiters > 0 && longWaiters < threshold ? "suppressed" : "\(longWaiters)", "completed pathways"))
        }
        if let urgent = tables["fct_urgent_care"] {
            let values = try urgent.values(["four_hour_breach_flag", "twelve_hour_breach_flag", "admitted_flag"])
            cards.append(("A&E 4-hour breaches", rate((values["four_hour_breach_flag"] ?? []).compactMap(\.boolValue)), "NHS standard: 95% within 4 hours"))
            cards.append(("A&E 12-hour breaches", rate((values["twelve_hour_breach_flag"] ?? []).compactMap(\.boolValue)), "arrival to departure > 12 h"))
            if values["admitted_flag"] != nil {
                cards.append(("Admission conversion", rate((values["admitted_flag"] ?? []).compactMap(\.boolValue)), "admitted from A&E"))
            }
        }
        if let utilisation = tables["fct_utilisation"] {
            cards.append(("DNA rate", rate((try utilisation.values(["dna_flag"])["dna_flag"] ?? []).compactMap(\.boolValue)), "appointments not attended"))
        }
        guard !cards.isEmpty else { return "" }
        return "<section><h2>Headline figures</h2><div class=\"kpis\">"
            + cards.map { "<div class=\"kpi\">\(escape($0.0))<b class=\"\($0.1 == "suppressed" ? "sup" : "")\">\(escape($0.1))</b><span class=\"muted\">\(escape($0.2))</span></div>" }.joined()
            + "</div></section>\n"
    }

    private func waitsByProvider() throws -> String {
        guard let waits = tables["fct_wait_times"] else { return section("Waits by provider", "<p>No wait-time data in this export.</p>") }
        let values = try waits.values(["site_sk", "wait_days"])
        var names: [String: String] = [:]
        if let sites = tables["dim_site"] {
            let site = try sites.values(["site_sk", "provider_name", "provider_code"])
            for (index, key) in (site["site_sk"] ?? []).enumerated() {
                names[GoldValueText.text(key)] = (site["provider_name"]?[index]).map(GoldValueText.text) ?? site["provider_code"].map { GoldValueText.text($0[index]) }
            }
        }
        var groups: [String: [Double]] = [:]
        for (index, key) in (values["site_sk"] ?? []).enumerated() {
            guard let days = values["wait_days"]?[index].doubleValue else { continue }
            let label = key.isNull ? "Unknown site" : (names[GoldValueText.text(key)] ?? "Site \(GoldValueText.text(key))")
            groups[label, default: []].append(days)
        }
        let rows = groups.sorted { $0.key < $1.key }.map { label, days -> (String, Double?, String) in
            guard days.count >= threshold else { return (label, nil, "suppressed") }
            let median = percentile(days, 0.5)
            return (label, median, "P50 \(format(median)) · P90 \(format(percentile(days, 0.9))) days")
        }
        return section("Waits by provider (median, completed RTT pathways)", bars(rows))
    }

    private func inequality(metric: String, stratifier: String, title: String, showSII: Bool, percent: Bool) throws -> String {
        guard let table = tables["fct_inequality"] else { return section(title, "<p>No inequality data in this export.</p>") }
        let values = try table.values(["metric_name", "period", "stratifier", "stratum", "metric_value", "sii_value", "rii_value"])
        var byStratum: [String: [Double]] = [:]
        var suppressed: Set<String> = []
        var latestSII: (period: String, sii: Double, rii: Double?)?
        for index in (values["metric_name"] ?? []).indices
        where values["metric_name"]?[index].stringValue == metric && values["stratifier"]?[index].stringValue == stratifier {
            let stratum = GoldValueText.text(values["stratum"]?[index] ?? .null)
            if let value = values["metric_value"]?[index].doubleValue { byStratum[stratum, default: []].append(value) } else { suppressed.insert(stratum) }
            let period = GoldValueText.text(values["period"]?[index] ?? .null)
            if let sii = values["sii_value"]?[index].doubleValue, period >= (latestSII?.period ?? "") {
                latestSII = (period, sii, values["rii_value"]?[index].doubleValue)
            }
        }
        let strata = Set(byStratum.keys).union(suppressed).sorted { (Int($0) ?? Int.max, $0) < (Int($1) ?? Int.max, $1) }
        let rows = strata.map { stratum -> (String, Double?, String) in
            guard let values = byStratum[stratum], !values.isEmpty else { return (stratum, nil, "suppressed") }
            let mean = values.reduce(0, +) / Double(values.count)
            return (stratum, mean, percent ? String(format: "%.1f%%", mean * 100) : "\(format(mean)) days")
        }
        var html = rows.isEmpty ? "<p>No data.</p>" : bars(rows)
        if showSII {
            if let latestSII {
                html += "<p>Slope index of inequality (\(latestSII.period)): <b>\(String(format: "%.3f", latestSII.sii))</b>"
                html += latestSII.rii.map { " · relative index \(String(format: "%.3f", $0))" } ?? ""
                html += " <span class=\"muted\">(positive = higher in the most deprived areas)</span></p>"
            } else {
                html += "<p class=\"muted\">Slope index of inequality not available (a decile missing or suppressed).</p>"
            }
        }
        return section(title + " <span class=\"muted\">(mean of monthly values)</span>", html)
    }

    private func urgentCare() throws -> String {
        guard let urgent = tables["fct_urgent_care"], let column = urgent.parts.first?.reader.schema.columns.first(where: { $0.name == "arrival_datetime" })
        else { return section("A&E demand", "<p>No urgent-care data in this export.</p>") }
        let perSecond: Double
        switch column.type {
        case .timestamp(.milliseconds, _): perSecond = 1e3
        case .timestamp(.nanoseconds, _): perSecond = 1e9
        default: perSecond = 1e6
        }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = .europeLondon
        var grid = [[Int]](repeating: [Int](repeating: 0, count: 24), count: 7)
        for value in try urgent.values(["arrival_datetime"])["arrival_datetime"] ?? [] {
            guard let units = value.int64Value else { continue }
            let instant = Date(timeIntervalSince1970: Double(units) / perSecond)
            let parts = calendar.dateComponents([.weekday, .hour], from: instant)
            grid[((parts.weekday ?? 1) + 5) % 7][parts.hour ?? 0] += 1  // Monday first
        }
        // Primary suppression, then a complementary cell when exactly one is hidden.
        var hidden = Set<Int>()
        for cell in 0..<(7 * 24) where grid[cell / 24][cell % 24] > 0 && grid[cell / 24][cell % 24] < threshold { hidden.insert(cell) }
        if hidden.count == 1, let extra = (0..<(7 * 24)).filter({ !hidden.contains($0) && grid[$0 / 24][$0 % 24] > 0 }).min(by: { grid[$0 / 24][$0 % 24] < grid[$1 / 24][$1 % 24] }) {
            hidden.insert(extra)
        }
        let peak = max(1, grid.flatMap { $0 }.max() ?? 1)
        let days = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
        var html = "<table><tr><th class=\"l\">Day \\ hour</th>" + (0..<24).map { "<th>\($0)</th>" }.joined() + "</tr>"
        for day in 0..<7 {
            html += "<tr><th class=\"l\">\(days[day])</th>"
            for hour in 0..<24 {
                let count = grid[day][hour]
                if hidden.contains(day * 24 + hour) {
                    html += "<td class=\"sup\" title=\"Suppressed (fewer than \(threshold) records)\">suppressed</td>"
                } else {
                    let shade = Int(255 - Double(count) / Double(peak) * 180)
                    html += "<td style=\"background:rgb(\(shade),\(shade + (255 - shade) / 3),255)\">\(count)</td>"
                }
            }
            html += "</tr>"
        }
        html += "</table><p class=\"muted\">Arrivals by local (Europe/London) weekday and hour.</p>"
        let monthly = try monthlyRate(urgent, month: "arrival_month", flag: "four_hour_breach_flag")
        html += "<h3>4-hour breach rate by arrival month</h3>" + bars(monthly)
        return section("A&E demand and 4-hour / 12-hour performance", html)
    }

    private func trends() throws -> String {
        var html = ""
        if let waits = tables["fct_wait_times"] {
            let values = try waits.values(["treatment_month", "wait_days"])
            var groups: [String: [Double]] = [:]
            for (index, month) in (values["treatment_month"] ?? []).enumerated() where !month.isNull {
                if let days = values["wait_days"]?[index].doubleValue { groups[monthLabel(month), default: []].append(days) }
            }
            html += "<h3>Median RTT wait by treatment month</h3>"
                + bars(groups.sorted { $0.key < $1.key }.map { month, days in
                    days.count < threshold ? (month, nil, "suppressed") : (month, percentile(days, 0.5), "\(format(percentile(days, 0.5))) days")
                })
        }
        if let utilisation = tables["fct_utilisation"] {
            html += "<h3>DNA rate by appointment month</h3>" + bars(try monthlyRate(utilisation, month: "appointment_month", flag: "dna_flag"))
        }
        return html.isEmpty ? "" : section("Trends by month", html)
    }

    // MARK: - Helpers

    private func monthlyRate(_ table: GoldTable, month: String, flag: String) throws -> [(String, Double?, String)] {
        let values = try table.values([month, flag])
        var groups: [String: (hits: Int, total: Int)] = [:]
        for (index, value) in (values[month] ?? []).enumerated() where !value.isNull {
            guard let hit = values[flag]?[index].boolValue else { continue }
            groups[monthLabel(value), default: (0, 0)].total += 1
            if hit { groups[monthLabel(value)]!.hits += 1 }
        }
        return groups.sorted { $0.key < $1.key }.map { month, group in
            group.total < threshold ? (month, nil, "suppressed") : (month, Double(group.hits) / Double(group.total), String(format: "%.1f%%", Double(group.hits) / Double(group.total) * 100))
        }
    }

    private func rate(_ flags: [Bool]) -> String {
        guard flags.count >= threshold else { return "suppressed" }
        let hits = flags.filter { $0 }.count
        return String(format: "%.1f%%", Double(hits) / Double(flags.count) * 100)
    }

    private func monthLabel(_ value: ParquetValue) -> String { String(GoldValueText.text(value).prefix(7)) }

    private func percentile(_ values: [Double], _ p: Double) -> Double {
        let sorted = values.sorted()
        guard !sorted.isEmpty else { return 0 }
        let position = p * Double(sorted.count - 1)
        let low = Int(position.rounded(.down))
        let high = min(low + 1, sorted.count - 1)
        return sorted[low] + (sorted[high] - sorted[low]) * (position - Double(low))
    }

    private func format(_ value: Double) -> String { value == value.rounded() ? String(Int(value)) : String(format: "%.1f", value) }

    private func section(_ title: String, _ html: String) -> String { "<section><h2>\(title)</h2>\(html)</section>\n" }

    /// Horizontal SVG bars; a nil value is drawn as a hatched "suppressed" row.
    private func bars(_ rows: [(label: String, value: Double?, text: String)]) -> String {
        guard !rows.isEmpty else { return "<p>No data.</p>" }
        let peak = max(rows.compactMap(\.value).max() ?? 1, 1e-9)
        let height = rows.count * 20 + 6
        var svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"760\" height=\"\(height)\" role=\"img\">"
        svg += "<defs><pattern id=\"hatch\" width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\" patternTransform=\"rotate(45)\"><rect width=\"3\" height=\"6\" fill=\"#ffeb3b\"/></pattern></defs>"
        for (index, row) in rows.enumerated() {
            let y = index * 20 + 3
            svg += "<text x=\"0\" y=\"\(y + 13)\" font-size=\"12\">\(escape(String(row.label.prefix(34))))</text>"
            if let value = row.value {
                let width = max(1, Int(value / peak * 380))
                svg += "<rect x=\"240\" y=\"\(y)\" width=\"\(width)\" height=\"16\" fill=\"#005eb8\"/>"
                svg += "<text x=\"\(246 + width)\" y=\"\(y + 13)\" font-size=\"12\">\(escape(row.text))</text>"
            } else {
                svg += "<rect x=\"240\" y=\"\(y)\" width=\"60\" height=\"16\" fill=\"url(#hatch)\" stroke=\"#ffb81c\"><title>Suppressed (fewer than \(threshold) records)</title></rect>"
                svg += "<text x=\"306\" y=\"\(y + 13)\" font-size=\"12\">suppressed</text>"
            }
        }
        return svg + "</svg>"
    }

    private func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }
}
