import Foundation
import Parquet
import PipelineContracts
import PipelineRuntime
import PipelineTesting
import Testing

@testable import GoldExporter

@Suite struct GoldExporterJobTests {
    /// True for `export_date=2024-03-10/run_id=<run>/<file>`: each export run writes its own folder.
    static func isRunFile(_ path: String, _ file: String) -> Bool {
        let parts = path.split(separator: "/", maxSplits: 2).map(String.init)
        return parts.count == 3 && parts[0] == "export_date=2024-03-10" && parts[1].hasPrefix("run_id=") && parts[2] == file
    }

    @Test func blockedWithoutASucceededGoldDQRun() async throws {
        let fixture = try GoldFixture()
        defer { fixture.remove() }
        let gold = try await fixture.goldSnapshot()
        #expect(try await fixture.export() == .blocked)
        try await fixture.commit(PipelineGraph.goldQuality, inputs: [gold.asInput], status: .failed)
        #expect(try await fixture.export() == .blocked)
        #expect(fixture.exportedFiles.isEmpty)
        #expect(try await fixture.latestManifest() == nil)
    }

    @Test func blockedWhenTheDQRunValidatedAnotherGoldRun() async throws {
        let fixture = try GoldFixture()
        defer { fixture.remove() }
        let older = try await fixture.goldSnapshot()
        try await fixture.commit(PipelineGraph.goldQuality, inputs: [older.asInput])
        _ = try await fixture.goldSnapshot()
        #expect(try await fixture.export() == .blocked)
        #expect(fixture.exportedFiles.isEmpty)
    }

    @Test func unsuppressedSmallCountFailsAndWritesNothing() async throws {
        let fixture = try GoldFixture()
        defer { fixture.remove() }
        var rows = GoldFixture.safeInequality
        rows[2] = GoldFixture.cell("imd_decile", "3", 3, 0.1)
        let gold = try await fixture.goldSnapshot(inequality: rows)
        try await fixture.commit(PipelineGraph.goldQuality, inputs: [gold.asInput])
        #expect(try await fixture.export() == .failed)
        let manifest = try #require(try await fixture.latestManifest())
        #expect(manifest.status == .failed)
        let error = try #require(manifest.errors.first)
        #expect(error.code == "disclosure_violation")
        #expect(error.message.contains("fct_inequality.population_count"))
        #expect(error.message.contains("stratifier=imd_decile, stratum=3"))
        #expect(fixture.exportedFiles.isEmpty)
    }

    @Test func secondarySuppressionViolationIsDetected() async throws {
        let fixture = try GoldFixture()
        defer { fixture.remove() }
        var rows = GoldFixture.safeInequality
        rows[5] = GoldFixture.cell("sex", "I", 6, 0.1)  // now only U is suppressed while IMD publishes the total
        let gold = try await fixture.goldSnapshot(inequality: rows)
        try await fixture.commit(PipelineGraph.goldQuality, inputs: [gold.asInput])
        #expect(try await fixture.export() == .failed)
        let error = try #require(try await fixture.latestManifest()?.errors.first)
        #expect(error.code == "disclosure_violation")
        #expect(error.message.contains("secondary suppression"))
        #expect(error.message.contains("stratum=U"))
        #expect(fixture.exportedFiles.isEmpty)
    }

    @Test func goodExportIsReadableByPyarrowAndDuckDBWithLatestWrittenLast() async throws {
        let fixture = try GoldFixture()
        defer { fixture.remove() }
        let gold = try await fixture.goldSnapshot()
        try await fixture.commit(PipelineGraph.goldQuality, inputs: [gold.asInput])
        #expect(try await fixture.export() == .success)
        let files = fixture.exportedFiles
        #expect(files.contains { Self.isRunFile($0, "fct_inequality/part-00000.parquet") })
        let dashboardFile = try #require(files.first { Self.isRunFile($0, "dashboard.html") })
        #expect(files.contains("export_date=2024-03-10/_manifest.json"))
        #expect(!files.contains { $0.contains("fct_wait_times") }, "person-level tables are withheld by default")
        let modified = { (name: String) throws -> Date in
            try #require(try FileManager.default.attributesOfItem(atPath: fixture.exportPath + "/" + name)[.modificationDate] as? Date)
        }
        let latestTime = try modified("latest.json")
        for file in files where file != "latest.json" { #expect(try modified(file) <= latestTime, "\(file) written after latest.json") }

        let script = """
            import json, sys, pyarrow.parquet as pq, duckdb
            root = sys.argv[1]
            latest = json.load(open(root + "/latest.json"))
            manifest = json.load(open(root + "/" + latest["manifest_key"]))
            con = duckdb.connect()
            for table in manifest["tables"]:
                for f in table["files"]:
                    path = root + "/" + f["key"]
                    a = pq.read_table(path).num_rows
                    d = con.execute("select count(*) from read_parquet(?)", [path]).fetchone()[0]
                    print(table["name"], f["rows"], a, d)
            print("export_date", latest["export_date"])
            """
        let result = try ProcessRunner.run("python3", ["-c", script, fixture.exportPath])
        #expect(result.status == 0, "\(result.standardError)")
        let lines = result.standardOutput.split(separator: "\n").map { $0.split(separator: " ").map(String.init) }
        let expected = Dictionary(uniqueKeysWithValues: gold.outputs.map { ($0.dataset, $0.rows) })
        let tables = lines.filter { $0.count == 4 }
        #expect(Set(tables.map { $0[0] }) == ["dim_imd", "dim_site", "fct_inequality"])
        for line in tables {
            #expect(Int(line[1]) == expected[line[0]] && line[1] == line[2] && line[2] == line[3], "\(line)")
        }
        #expect(lines.last == ["export_date", "2024-03-10"])
        let html = try String(contentsOfFile: fixture.exportPath + "/" + dashboardFile, encoding: .utf8)
        #expect(html.contains("2024-03-10") && html.contains("suppressed") && html.contains("<svg"))
        #expect(!html.contains("http://") || !html.contains("src=\"http"))
        #expect(!html.contains(String(repeating: "cd", count: 32)))
        let manifest = try #require(try await fixture.latestManifest())
        #expect(manifest.status == .succeeded && manifest.metrics["exported_tables"] == 3 && manifest.metrics["exported_rows.fct_inequality"] == 7)
    }

    @Test func personLevelTablesOnlyWhenEnabledAndNeverWithSourceIdentifiers() async throws {
        let fixture = try GoldFixture()
        defer { fixture.remove() }
        let gold = try await fixture.goldSnapshot()
        try await fixture.commit(PipelineGraph.goldQuality, inputs: [gold.asInput])
        #expect(try await fixture.export(["EXPORT_PERSON_LEVEL": "true"]) == .success)
        #expect(fixture.exportedFiles.contains { Self.isRunFile($0, "fct_wait_times/part-00000.parquet") })

        let unsafe = try GoldFixture()
        defer { unsafe.remove() }
        let leaky = try await unsafe.goldSnapshot(extraWaitColumn: "nhs_number")
        try await unsafe.commit(PipelineGraph.goldQuality, inputs: [leaky.asInput])
        #expect(try await unsafe.export() == .success, "withheld person-level tables are not exported, so they cannot leak")
        let again = try GoldFixture()
        defer { again.remove() }
        let leaky2 = try await again.goldSnapshot(extraWaitColumn: "nhs_number")
        try await again.commit(PipelineGraph.goldQuality, inputs: [leaky2.asInput])
        #expect(try await again.export(["EXPORT_PERSON_LEVEL": "true"]) == .failed)
        #expect(try await again.latestManifest()?.errors.first?.code == "identifier_in_export")
        #expect(again.exportedFiles.isEmpty)
    }

    @Test func roundingIsVerifiedWhenConfigured() throws {
        let check = DisclosureCheck(threshold: 5, rounding: 5)
        let table = GoldTableStub.inequality(GoldFixture.safeInequality)
        let violations = try check.violations(in: [table])
        #expect(violations.map(\.cell).contains { $0.contains("stratum=M") })
        #expect(try DisclosureCheck(threshold: 5, rounding: 0).violations(in: [table]).isEmpty)
    }
}

enum GoldTableStub {
    static func inequality(_ rows: [[ParquetValue]]) -> GoldTable {
        let path = NSTemporaryDirectory() + "/stub-\(UUID().uuidString).parquet"
        defer { try? FileManager.default.removeItem(atPath: path) }
        let writer = try! ParquetWriter(path: path, schema: GoldFixture.inequalitySchema)
        try! writer.write(rows: rows)
        _ = try! writer.close()
        let bytes = Array(FileManager.default.contents(atPath: path)!)
        let output = ManifestOutput(key: "gold/fct_inequality/x.parquet", dataset: "fct_inequality", rows: rows.count, bytes: bytes.count, sha256: "")
        return GoldTable(name: "fct_inequality", parts: [(output, bytes, try! ParquetReader(bytes: bytes, name: "stub"))])
    }
}
