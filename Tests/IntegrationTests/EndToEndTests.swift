import Foundation
import ObjectStore
import Parquet
import PipelineContracts
import PipelineRuntime
import PipelineTesting
import Testing

/// The whole system on the real local stack: the simulator seeds isolated sources, every stage runs as
/// its built executable in graph order, and the final export is checked against the sources.
@Suite(.serialized) struct EndToEndTests {
    static let simulation = ["--patients", "400", "--months", "2", "--seed", "7", "--start-date", "2025-01-01"]

    func seed(_ sandbox: PipelineSandbox, holdBack: Int) throws {
        let backfill = try sandbox.run("trust-sim", ["backfill"] + Self.simulation + ["--hold-back-days", "\(holdBack)"])
        #expect(backfill.status == 0, "trust-sim backfill: \(backfill.standardError.suffix(2000))")
    }

    func expectGreen(_ results: [(String, ProcessRunner.Result)], _ comment: String) {
        #expect(results.count == 9, "\(comment): stopped after \(results.last?.0 ?? "?")")
        for (stage, result) in results {
            #expect(result.status == 0, "\(comment): \(stage) exited \(result.status): \(result.standardError.suffix(3000))")
        }
    }

    func latestExport(_ sandbox: PipelineSandbox) async throws -> (date: String, manifest: [String: Any]) {
        let exports = try sandbox.exports()
        let pointer = try JSONSerialization.jsonObject(with: Data(try await exports.get(key: "latest.json"))) as? [String: Any]
        let key = try #require(pointer?["manifest_key"] as? String)
        let manifest = try JSONSerialization.jsonObject(with: Data(try await exports.get(key: key))) as? [String: Any]
        return (try #require(pointer?["export_date"] as? String), try #require(manifest))
    }

    @Test(arguments: PipelineSandbox.LakeKind.allCases)
    func theWholeGraphRunsAndTheExportIsConsistent(lake: PipelineSandbox.LakeKind) async throws {
        let sandbox = try PipelineSandbox(lake: lake)
        defer { sandbox.remove() }
        try seed(sandbox, holdBack: 1)
        expectGreen(try sandbox.runPipeline(), "first pass")

        // Tables present, files intact, and the pointer names this export.
        let (exportDate, manifest) = try await latestExport(sandbox)
        let tables = try #require(manifest["tables"] as? [[String: Any]])
        let names = Set(tables.compactMap { $0["name"] as? String })
        for required in ["dim_date", "dim_imd", "dim_ethnicity", "dim_site", "dim_specialty", "fct_inequality"] {
            #expect(names.contains(required), "export lacks \(required); has \(names.sorted())")
        }
        for personLevel in ["dim_patient", "fct_wait_times", "fct_urgent_care", "fct_utilisation"] {
            #expect(!names.contains(personLevel), "person-level tables are exported only when configured")
        }
        let exports = try sandbox.exports()
        for table in tables {
            for file in table["files"] as? [[String: Any]] ?? [] {
                let key = try #require(file["key"] as? String)
                let bytes = try await exports.get(key: key)
                #expect(bytes.count == file["bytes"] as? Int, "\(key) size")
                let reader = try ParquetReader(bytes: bytes, name: key)
                #expect(reader.rowCount == file["rows"] as? Int, "\(key) rows")
            }
        }

        // Suppression holds in the published inequality mart: no unsuppressed count below 5.
        let inequality = try #require(tables.first { $0["name"] as? String == "fct_inequality" })
        for file in inequality["files"] as? [[String: Any]] ?? [] {
            let key = file["key"] as! String
            let batch = try ParquetReader(bytes: try await exports.get(key: key), name: key).readAll()
            for (index, column) in batch.schema.columns.enumerated() where ["numerator", "denominator"].contains(column.name) {
                for value in batch.columns[index] {
                    if let count = value.doubleValue { #expect(count == 0 || count >= 5, "\(column.name) = \(count) published") }
                }
            }
        }

        // Row counts are consistent with the sources: every source encounter reaches Silver exactly once.
        let lakeStore = try sandbox.lake()
        let store = ManifestStore(lake: lakeStore)
        let asOf = try BusinessDate(iso: exportDate)
        let silver = try #require(try await store.latestSucceeded(stage: .transformRunner, scope: "silver", date: asOf))
        let silverEncounters = silver.outputs(dataset: "encounters").reduce(0) { $0 + $1.rows }
        let sourceEncounters = Int(try sandbox.sourceQuery("ehr", "SELECT count(*) FROM encounters")) ?? -1
        #expect(silverEncounters == sourceEncounters)
        let silverUrgent = silver.outputs(dataset: "urgent_care").reduce(0) { $0 + $1.rows }
        #expect(silverUrgent == Int(try sandbox.sourceQuery("urgent_care", "SELECT count(*) FROM urgent_care_logs")) ?? -1)

        // Manifests chain: every output is intact and every consumed run is a succeeded manifest.
        let findings = try await ManifestChainVerifier(lake: lakeStore).verify()
        #expect(findings.problems.isEmpty, "\(findings.problems.prefix(10))")
        #expect(findings.outputsVerified > 50)
        #expect(findings.manifestInputsVerified > 5)

        // A second pass does nothing new.
        let before = try await lakeStore.listAll(prefix: "_manifests/").count
        expectGreen(try sandbox.runPipeline(), "second pass")
        #expect(try await lakeStore.listAll(prefix: "_manifests/").count == before)
    }

    @Test func oneStageIsRestartedAloneAndLiveModeIngestsTheNextDay() async throws {
        let sandbox = try PipelineSandbox(lake: .fileSystem)
        defer { sandbox.remove() }
        try seed(sandbox, holdBack: 2)
        expectGreen(try sandbox.runPipeline(), "initial load")
        let lakeStore = try sandbox.lake()
        let (firstExport, _) = try await latestExport(sandbox)

        // Live mode: the Trust releases its next day.
        let release = try sandbox.run("trust-sim", ["release-next-day"])
        #expect(release.status == 0, "\(release.standardError.suffix(1000))")
        let ingestBefore = try await lakeStore.listAll(prefix: "_manifests/stage=postgres-ingest/").count

        // Break the warehouse for the Silver transform: it fails, status shows it, nothing downstream runs.
        let broken = try sandbox.runPipeline(overrides: ["WAREHOUSE_URL": "postgresql://warehouse:wrong@127.0.0.1:1/warehouse?connect_timeout=2"])
        #expect(broken.last?.0 == "transform-runner run --layer silver")
        #expect(broken.last?.1.status == 1)
        let status = try sandbox.run("transform-runner", ["status"])
        #expect(status.status == 1)
        #expect(status.standardOutput.contains("FAILED"))
        #expect(status.standardOutput.contains("warehouse_unavailable"))
        let ingestAfterBreak = try await lakeStore.listAll(prefix: "_manifests/stage=postgres-ingest/").count
        #expect(ingestAfterBreak == ingestBefore + 2, "exactly the new day was ingested (ehr + urgent_care)")

        // Fix it and restart only that stage; the rest of the graph completes without re-running ingest.
        let restarted = try sandbox.run("transform-runner", ["run", "--layer", "silver"])
        #expect(restarted.status == 0, "\(restarted.standardError.suffix(2000))")
        expectGreen(try sandbox.runPipeline(), "after the fix")
        #expect(try await lakeStore.listAll(prefix: "_manifests/stage=postgres-ingest/").count == ingestAfterBreak)
        let (secondExport, _) = try await latestExport(sandbox)
        #expect(try BusinessDate(iso: secondExport) == BusinessDate(iso: firstExport).next)
        // The failed run stays in the audit trail; status reports the date healthy again.
        let silverDate = try BusinessDate(iso: secondExport)
        var statuses: [RunStatus] = []
        for key in try await ManifestStore(lake: lakeStore).runKeys(stage: .transformRunner, scope: "silver", date: silverDate) {
            statuses.append(try await ManifestStore(lake: lakeStore).read(key: key).status)
        }
        #expect(statuses.contains(.failed) && statuses.last == .succeeded, "\(statuses)")
        let healthy = try sandbox.run("gold-exporter", ["status"])
        #expect(healthy.status == 0, "\(healthy.standardOutput)")
    }
}
