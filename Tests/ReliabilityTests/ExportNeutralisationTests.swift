import Foundation
import GoldExporter
import ObjectStore
import Parquet
import PipelineContracts
import PipelineRuntime
import Testing

/// Issue #15, hostile input corpus, "formula-injection strings passed through as data but neutralised in any
/// CSV/HTML the exporter writes": hostile provider names and strata go through gold-exporter.
///
/// gold-exporter writes Parquet copies, `dashboard.html`, `_manifest.json` and `latest.json` — no CSV. Expected:
/// the Parquet copies keep every string byte for byte (data is data); the dashboard shows each one as escaped
/// text, runs no markup from it, and never puts one at the start of a table cell, where a spreadsheet opening
/// the page would evaluate it as a formula.
@Suite struct ExportNeutralisationTests {
    static let day = try! BusinessDate(iso: "2025-02-03")

    static let hostile = [
        "=cmd|' /C calc'!A0", "+SUM(1+1)*cmd|' /C calc'!A0", "-2+3+cmd|' /C calc'!A0", "@SUM(1+1)",
        "=HYPERLINK(\"http://evil.example\",\"x\")", "<script>alert(1)</script>", "\"><img src=x onerror=alert(1)>",
        "</text><script>alert(2)</script>", "&lt;b&gt;pre-escaped",
    ]

    static func escaped(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }

    static func unescaped(_ text: String) -> String {
        text.replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
            .replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&#39;", with: "'")
            .replacingOccurrences(of: "&amp;", with: "&")
    }

    /// The text of every `<td>`/`<th>` cell of `html`.
    static func cells(_ html: String) -> [String] {
        let pattern = try! NSRegularExpression(pattern: "<t[dh](?:\\s[^>]*)?>([^<]*)</t[dh]>")
        let range = NSRange(html.startIndex..., in: html)
        return pattern.matches(in: html, range: range).compactMap { match in
            Range(match.range(at: 1), in: html).map { unescaped(String(html[$0])) }
        }
    }

    @Test func hostileStringsStayDataInParquetAndInertInTheDashboard() async throws {
        let figures = ReliabilityFigures(suite: "export-neutralisation")
        defer { figures.report() }
        let lake = try ReliabilityLake(prefix: "export-hostile")
        let run = RunID.generate()
        let strata = Self.hostile.map { [DownstreamStage.cell("ethnicity_ons", $0, 40, 0.25)] }.flatMap { $0 }
        let inequality = try await lake.parquet(
            .gold(table: "fct_inequality", asOf: Self.day, run: run), dataset: "fct_inequality",
            schema: DownstreamStage.inequalitySchema,
            rows: strata + [
                DownstreamStage.cell("imd_decile", "1", 40, 0.2, sii: 0.1),
                DownstreamStage.cell("imd_decile", "2", 30, 0.1, sii: 0.1),
            ])
        let sites = try await lake.parquet(
            .gold(table: "dim_site", asOf: Self.day, run: run), dataset: "dim_site", schema: DownstreamStage.siteSchema,
            rows: Self.hostile.enumerated().map {
                [.int32(Int32($0.offset + 1)), .string($0.element), .string($0.element)]
            })
        let waitSchema = ParquetSchema([
            ParquetColumn("referral_id", .int64), ParquetColumn("patient_sk", .string),
            ParquetColumn("site_sk", .int32),
            ParquetColumn("wait_days", .int32), ParquetColumn("rtt_breach_flag", .boolean),
            ParquetColumn("treatment_month", .date),
        ])
        let waits = try await lake.parquet(
            .gold(table: "fct_wait_times", asOf: Self.day, run: run), dataset: "fct_wait_times", schema: waitSchema,
            rows: (0..<(Self.hostile.count * 6)).map { i in
                [
                    .int64(Int64(i)), .string(String(repeating: "ab", count: 32)),
                    .int32(Int32(i % Self.hostile.count + 1)), .int32(Int32(10 + i)), .bool(i % 3 == 0), .date(20_000),
                ]
            })
        let gold = try await lake.commit(
            PipelineGraph.gold, date: Self.day, run: run, outputs: [inequality, sites, waits])
        try await lake.commit(PipelineGraph.goldQuality, date: Self.day, inputs: [gold.asInput])
        figures.fault(Self.hostile.count * 2)

        let summary = try await DownstreamStage.goldExporter.run(lake, date: Self.day)
        try #require(summary.exitStatus == .success, "\(lake.logs.captured.suffix(3))")
        let export = try FileSystemObjectStore(root: DownstreamStage.exportPath(lake))
        // Files are found the way a dashboard finds them: through the date's export manifest.
        let exportManifest = try JSONSerialization.jsonObject(
            with: Data(try await export.get(key: "export_date=\(Self.day)/_manifest.json"))) as? [String: Any]
        let tables = exportManifest?["tables"] as? [[String: Any]] ?? []
        func key(_ table: String) -> String {
            let files = tables.first { $0["name"] as? String == table }?["files"] as? [[String: Any]]
            return files?.first?["key"] as? String ?? "missing \(table)"
        }
        let dashboardKey = (exportManifest?["dashboard"] as? [String: Any])?["key"] as? String ?? "missing dashboard"

        // Parquet: the strings are data and arrive unchanged.
        for (table, column) in [("fct_inequality", "stratum"), ("dim_site", "provider_name")] {
            let batch = try ParquetReader(
                bytes: try await export.get(key: key(table)), name: table
            ).readAll()
            let values = Set((batch.column(named: column) ?? []).compactMap(\.stringValue))
            #expect(
                figures.check(Set(Self.hostile).isSubset(of: values)),
                "\(table).\(column) lost or altered a hostile value")
        }

        // Dashboard: shown as escaped text, no markup of theirs, no table cell starting like a formula.
        let html = String(decoding: try await export.get(key: dashboardKey), as: UTF8.self)
        #expect(
            figures.check(!html.contains("<script") && !html.contains("<img")), "hostile markup reached the dashboard")
        for value in Self.hostile {
            #expect(
                figures.check(html.contains(Self.escaped(String(value.prefix(34))))),
                "a hostile value is missing from the dashboard")
        }
        let formulaCells = Self.cells(html).filter { cell in
            guard let first = cell.first, "=+-@".contains(first) else { return false }
            return Double(cell) == nil
        }
        #expect(
            figures.check(formulaCells.isEmpty), "\(formulaCells.count) table cell(s) start with a formula character")
        for key in ["export_date=\(Self.day)/_manifest.json", "latest.json"] {
            let parsed = try? JSONSerialization.jsonObject(with: Data(try await export.get(key: key)))
            #expect(figures.check(parsed is [String: Any]), "\(key) is not a JSON object")
        }
        #expect(figures.violations == 0)
    }
}
