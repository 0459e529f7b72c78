import Foundation
import Logging
import ObjectStore
import Parquet
import PipelineContracts
import PipelineRuntime
import PipelineTesting
import Testing

@testable import DQValidator

/// The whole stage through the shared runner: suites checked first, results written, the gate's verdict.
@Suite struct DQValidatorJobTests {
    static let date = try! BusinessDate(iso: "2024-03-10")
    static let schema = ParquetSchema([ParquetColumn("referral_id", .int64), ParquetColumn("patient_sk", .string), ParquetColumn("status", .string)])
    static let sk = String(repeating: "0123456789abcdef", count: 4)

    /// A Silver snapshot with one `referrals` table.
    func silverSnapshot(_ fixture: LakeFixture, rows: [[ParquetValue]]) async throws -> RunManifest {
        let run = RunID.generate()
        let output = try await fixture.writeTable("referrals", layer: "silver", asOf: Self.date, run: run, schema: Self.schema, rows: rows)
        return try await fixture.commit(PipelineGraph.silver, date: Self.date, run: run, outputs: [output])
    }

    func run(_ fixture: LakeFixture, suites: String, date: String? = "2024-03-10", sink: InMemoryLogSink = InMemoryLogSink()) async throws -> PipelineRuntime.ExitStatus {
        let settings = Settings(environment: ["LAKE_URL": fixture.lakeURL, "DQ_LAYER": "silver", "DQ_SUITES_DIR": suites])
        let options = try StageOptions.parse(date.map { ["--date", $0] } ?? [])
        return await StageEntryPoint.execute(stage: .dqValidator, options: options, settings: settings, logger: sink.logger(stage: "dq-validator")) {
            settings, logger in try DQValidatorJob(configuration: DQValidatorConfiguration(settings: settings), logger: logger)
        }
    }

    static let rows: [[ParquetValue]] = [
        [.int64(1), .string(sk), .string("OPEN")], [.int64(2), .null, .string("CLOSED")], [.int64(3), .string(sk), .string("CLOSED")],
    ]

    @Test func unknownExpectationIsAConfigurationErrorBeforeValidating() async throws {
        let fixture = try LakeFixture()
        defer { fixture.remove() }
        _ = try await silverSnapshot(fixture, rows: Self.rows)
        let suites = try fixture.suites("silver", ["referrals": "table: referrals\nexpectations:\n  - expect_magic: {column: referral_id}\n"])
        #expect(try await run(fixture, suites: suites) == .usage)
        #expect(try await fixture.lake.listAll(prefix: "_manifests/stage=dq-validator/").isEmpty)
        #expect(try await fixture.lake.listAll(prefix: "_dq/").isEmpty)
        #expect(throws: DQValidatorError.self) { try SuiteCatalog.load(layer: "silver", directory: suites) }
    }

    @Test func yamlSyntaxErrorIsAConfigurationError() async throws {
        let fixture = try LakeFixture()
        defer { fixture.remove() }
        let suites = try fixture.suites("silver", ["referrals": "table: referrals\nexpectations: [\n  - : :\n"])
        #expect(try await run(fixture, suites: suites) == .usage)
        do {
            _ = try SuiteCatalog.load(layer: "silver", directory: suites)
            Issue.record("expected a syntax error")
        } catch let error as DQValidatorError {
            #expect(error.code == .suiteSyntax)
        }
    }

    @Test func failingErrorExpectationFailsTheRunAfterWritingResults() async throws {
        let fixture = try LakeFixture()
        defer { fixture.remove() }
        let snapshot = try await silverSnapshot(fixture, rows: Self.rows)
        let suites = try fixture.suites("silver", ["referrals": "table: referrals\nkey_columns: [referral_id]\nexpectations:\n  - not_null: {column: patient_sk}\n  - accepted_values: {column: status, values: [OPEN, CLOSED]}\n"])
        let sink = InMemoryLogSink()
        #expect(try await run(fixture, suites: suites, sink: sink) == .failed)
        let manifest = try #require(try await ManifestStore(lake: fixture.lake).latest(stage: .dqValidator, scope: "silver", date: Self.date).manifest)
        #expect(manifest.status == .failed)
        #expect(manifest.errors.first?.code == "dq_failed")
        #expect(manifest.errors.first?.message.contains("referrals.not_null(patient_sk)") == true)
        #expect(manifest.inputs.contains(snapshot.asInput))
        let resultsKey = try #require(try await fixture.lake.listAll(prefix: "_dq/layer=silver/as_of=2024-03-10/").map(\.key).first { $0.hasSuffix("results.json") })
        let report = try ContractJSON.decode(DataQualityReport.self, from: Data(try await fixture.lake.get(key: resultsKey)))
        #expect(!report.passed)
        #expect(report.snapshot.runID == snapshot.runID)
        let failed = try #require(report.results.first { !$0.passed })
        #expect(failed.failingRows == 1 && failed.rowsChecked == 3)
        let html = String(decoding: try await fixture.lake.get(key: resultsKey.replacingOccurrences(of: "results.json", with: "report.html")), as: UTF8.self)
        #expect(html.contains("FAILED") && html.contains("patient_sk") && html.contains("referral_id=2"))
        #expect(!html.contains(Self.sk))
        #expect(!sink.captured.joined().contains(Self.sk))
        #expect(sink.captured.contains { $0.contains("\"dq_gate_failed\"") })
    }

    @Test func warningsAreReportedButPass() async throws {
        let fixture = try LakeFixture()
        defer { fixture.remove() }
        _ = try await silverSnapshot(fixture, rows: Self.rows)
        let suites = try fixture.suites("silver", ["referrals": "table: referrals\nexpectations:\n  - not_null: {column: patient_sk, severity: warn}\n  - unique: {column: referral_id}\n"])
        #expect(try await run(fixture, suites: suites) == .success)
        let manifest = try #require(try await ManifestStore(lake: fixture.lake).latestSucceeded(stage: .dqValidator, scope: "silver", date: Self.date))
        #expect(Set(manifest.outputs.map(\.dataset)) == ["dq_results", "dq_report"])
        #expect(manifest.metrics["dq_failed_warn"] == 1)
        let results = try #require(manifest.outputs.first { $0.dataset == "dq_results" })
        let report = try ContractJSON.decode(DataQualityReport.self, from: Data(try await fixture.lake.get(key: results.key)))
        #expect(report.passed)
        #expect(report.results.contains { !$0.passed && $0.severity == .warn })
    }

    @Test func blockedWithoutASucceededSnapshotAndResumesFromManifests() async throws {
        let fixture = try LakeFixture()
        defer { fixture.remove() }
        let suites = try fixture.suites("silver", ["referrals": "table: referrals\nexpectations:\n  - unique: {column: referral_id}\n"])
        #expect(try await run(fixture, suites: suites) == .blocked)
        #expect(try await fixture.lake.listAll(prefix: "_manifests/stage=dq-validator/").isEmpty)
        _ = try await silverSnapshot(fixture, rows: Self.rows)
        #expect(try await run(fixture, suites: suites, date: nil) == .success)
        #expect(try await ManifestStore(lake: fixture.lake).latestSucceeded(stage: .dqValidator, scope: "silver", date: Self.date) != nil)
    }

    @Test func missingTableFailsTheGate() async throws {
        let fixture = try LakeFixture()
        defer { fixture.remove() }
        _ = try await silverSnapshot(fixture, rows: Self.rows)
        let suites = try fixture.suites("silver", ["patients": "table: patients\nexpectations:\n  - row_count_between: {min: 1}\n"])
        #expect(try await run(fixture, suites: suites) == .failed)
        let manifest = try #require(try await ManifestStore(lake: fixture.lake).latest(stage: .dqValidator, scope: "silver", date: Self.date).manifest)
        #expect(manifest.errors.first?.message.contains("patients.table_present") == true)
    }

    @Test func bundledSuitesCoverEverySilverAndGoldTable() throws {
        let silver = try SuiteCatalog.load(layer: "silver")
        let gold = try SuiteCatalog.load(layer: "gold")
        #expect(silver.map(\.table) == ["appointments", "diagnoses", "diagnostics_orders", "encounters", "patients", "providers", "referrals", "silver_rejects", "urgent_care"])
        #expect(gold.map(\.table) == ["dim_date", "dim_ethnicity", "dim_imd", "dim_patient", "dim_site", "dim_specialty", "fct_inequality", "fct_urgent_care", "fct_utilisation", "fct_wait_times"])
        #expect(gold.first { $0.table == "fct_inequality" }?.expectations.contains { $0.kind == .between(column: "population_count", min: 5, max: nil) } == true)
    }
}

extension ManifestStore.Latest {
    var manifest: RunManifest? {
        if case .manifest(let manifest) = self { return manifest }
        return nil
    }
}
