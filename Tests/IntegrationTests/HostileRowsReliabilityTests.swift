import Foundation
import Parquet
import PipelineContracts
import PipelineRuntime
import PipelineTesting
import Testing

/// Issue #15, hostile input across stages: hostile rows are appended to one day's appointment drop of a seeded
/// sandbox, then the whole graph runs. ReliabilityTests' HostileCSVTests pins sftp-ingest's verdict on each
/// row; this checks what the rest of the graph does with the rows ingest lets through.
///
/// Expected: every stage succeeds (one hostile row never stops a day), malformed rows are quarantined in
/// Bronze rejects, every row ingest typed reaches Silver (or Silver's own reject reasons) — the duplicate id
/// exactly once — and the formula strings reach Silver as data. Prints `RELIABILITY suite=hostile-rows …`.
@Suite(.serialized) struct HostileRowsReliabilityTests {
    /// A hostile row: which column of a copied good row changes, to what, and whether ingest must reject it.
    struct HostileRow: Sendable {
        var column: String
        var value: [UInt8]
        var rejectedAtIngest: Bool
    }

    /// Two drops: rows sftp-ingest types or rejects, and a year-0000 timestamp (once typed, later unloadable).
    enum RowSet: String, CaseIterable, Sendable, CustomTestStringConvertible {
        case dataAndMalformedRows = "formulas, markup, NUL, year 9999, malformed rows"
        case yearZero = "a year-0000 timestamp"

        var testDescription: String { rawValue }

        var rows: [HostileRow] {
            switch self {
            case .dataAndMalformedRows:
                return [
                    HostileRow(
                        column: "registered_gp_practice_id", value: Array("=cmd|' /C calc'!A0".utf8),
                        rejectedAtIngest: false),
                    HostileRow(column: "registered_gp_practice_id", value: Array("+1+1".utf8), rejectedAtIngest: false),
                    HostileRow(
                        column: "registered_gp_practice_id", value: Array("@SUM(1)".utf8), rejectedAtIngest: false),
                    HostileRow(column: "mode", value: Array("<script>alert(1)</script>".utf8), rejectedAtIngest: false),
                    // A NUL cannot pass as text (no warehouse holds it): quarantined at ingest with its reason.
                    HostileRow(
                        column: "registered_gp_practice_id", value: [0x47, 0x00, 0x31], rejectedAtIngest: true),
                    HostileRow(
                        column: "booking_updated_datetime", value: Array("9999-12-31 23:59:59".utf8),
                        rejectedAtIngest: false),
                    HostileRow(column: "registered_gp_practice_id", value: [0x47, 0xE9, 0x31], rejectedAtIngest: true),
                    HostileRow(column: "wait_time_days", value: Array("1.5".utf8), rejectedAtIngest: true),
                ]
            case .yearZero:
                return [
                    // Year 0000 is before year 1: quarantined at ingest, so Silver never fails on it.
                    HostileRow(
                        column: "booking_created_datetime", value: Array("0000-01-01 09:00:00".utf8),
                        rejectedAtIngest: true)
                ]
            }
        }
    }

    @Test(arguments: RowSet.allCases)
    func hostileRowsInOneDropDayNeverStopTheGraphAndLoseNothing(_ set: RowSet) async throws {
        let sandbox = try PipelineSandbox(lake: .fileSystem)
        defer { sandbox.remove() }
        let backfill = try sandbox.run(
            "trust-sim", ["backfill"] + EndToEndTests.simulation + ["--hold-back-days", "1"])
        try #require(backfill.status == 0, "\(backfill.standardError.suffix(1000))")

        // The last drop file of the seeded history, and a good row of it to copy.
        let drop = try LocalStackEnvironment.value("LOCAL_SFTP_DROP_DIR") + "/" + sandbox.id
        let name = try #require(
            try FileManager.default.contentsOfDirectory(atPath: drop).filter { $0.hasSuffix("_appointments.csv") }.max()
        )
        let day = try BusinessDate(compact: String(name.prefix(8)))
        var file = try Array(Data(contentsOf: URL(fileURLWithPath: drop + "/" + name)))
        let text = String(decoding: file, as: UTF8.self)
        let newline = text.contains("\r\n") ? "\r\n" : "\n"
        let lines = text.components(separatedBy: newline).filter { !$0.isEmpty }
        let header = lines[0].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        let template = try #require(lines.dropFirst().first { !$0.contains("\"") }).split(
            separator: ",", omittingEmptySubsequences: false
        ).map { Array($0.utf8) }
        let idColumn = try #require(header.firstIndex(of: "appointment_id"))
        let maxID =
            lines.dropFirst().compactMap {
                Int64($0.split(separator: ",", omittingEmptySubsequences: false).first ?? "")
            }.max() ?? 0
        let base = max(maxID, 9_000_000) + 1000
        // Good copies first, so the hostile rows sit past the 8 KiB that file-type sniffing reads.
        var padding = 0
        while file.count < 9000 {
            var fields = template
            fields[idColumn] = Array(String(base + 500 + Int64(padding)).utf8)
            file += Array(fields.joined(separator: [0x2C])) + Array(newline.utf8)
            padding += 1
        }
        var ids: [Int64] = []
        for (index, hostile) in set.rows.enumerated() {
            var fields = template
            let id = base + Int64(index)
            fields[idColumn] = Array(String(id).utf8)
            fields[try #require(header.firstIndex(of: hostile.column))] = hostile.value
            file += Array(fields.joined(separator: [0x2C])) + Array(newline.utf8)
            ids.append(id)
        }
        // The first good row again, unchanged: a duplicate id that Silver must keep once.
        file += Array(lines[1].utf8) + Array(newline.utf8)
        try Data(file).write(to: URL(fileURLWithPath: drop + "/" + name))

        var checked = 0
        var violations: [String] = []
        func check(_ held: Bool, _ what: @autoclosure () -> String) {
            checked += 1
            if !held { violations.append(what()) }
        }
        let results = try sandbox.runPipeline()
        for (stage, result) in results {
            check(result.status == 0, "\(stage) exited \(result.status): \(result.standardError.suffix(1200))")
        }
        check(results.count == 9, "the graph stopped after \(results.last?.0 ?? "?")")

        let store = ManifestStore(lake: try sandbox.lake())
        let ingest = try #require(try await store.latestSucceeded(stage: .sftpIngest, scope: "appointments", date: day))
        let read = Int(ingest.metrics["rows_read"] ?? -1)
        let typed = Int(ingest.metrics["rows_written"] ?? -1)
        let rejected = Int(ingest.metrics["rows_rejected"] ?? -1)
        check(read == typed + rejected, "ingest: read \(read) ≠ typed \(typed) + rejected \(rejected)")
        check(rejected == set.rows.filter(\.rejectedAtIngest).count, "ingest rejected \(rejected) rows")

        // Every row ingest typed reaches Silver once, hostile text as data.
        if let silver = try await store.latestSucceeded(stage: .transformRunner, scope: "silver", date: day) {
            var silverIDs: [String] = []
            var practices = Set<String>()
            for output in silver.outputs(dataset: "appointments") {
                let batch = try ParquetReader(bytes: try await sandbox.lake().get(key: output.key), name: output.key)
                    .readAll()
                silverIDs += (batch.column(named: "appointment_id") ?? []).map {
                    $0.stringValue ?? $0.int64Value.map(String.init) ?? ""
                }
                practices.formUnion((batch.column(named: "registered_gp_practice_id") ?? []).compactMap(\.stringValue))
            }
            let present = Set(silverIDs)
            for (id, hostile) in zip(ids, set.rows) where !hostile.rejectedAtIngest {
                check(present.contains(String(id)), "Silver lost typed row \(id) (\(hostile.column))")
            }
            check(
                silverIDs.count == present.count,
                "Silver holds \(silverIDs.count - present.count) duplicate appointment ids")
            let formulas = set.rows.map { String(decoding: $0.value, as: UTF8.self) }.filter {
                "=+@".contains($0.first ?? " ")
            }
            for formula in formulas {
                check(practices.contains(formula), "a formula string did not reach Silver as data")
            }
        } else {
            check(false, "no succeeded Silver snapshot for \(day)")
        }
        let faults = set.rows.count + 1
        print("RELIABILITY suite=hostile-rows faults=\(faults) invariants=\(checked) violations=\(violations.count)")
        #expect(violations.isEmpty, "\(violations.count) violation(s): \(violations.prefix(6))")
    }
}
