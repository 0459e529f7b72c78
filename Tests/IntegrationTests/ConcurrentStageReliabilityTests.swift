import Foundation
import ObjectStore
import PipelineContracts
import PipelineRuntime
import PipelineTesting
import Testing

/// Issue #15, concurrency: two instances of the same stage, as built executables, started together over the
/// same lake and dates — for every stage of the graph in turn, then repeatedly for forced re-exports.
///
/// Expected: both instances exit 0; every manifest decodes; every succeeded manifest's outputs are intact and
/// every consumed run is a succeeded one (ManifestChainVerifier); each date's latest manifest is a success, so
/// exactly one run per (stage, scope, date) is what downstream reads; Silver still holds every source
/// encounter exactly once (twin ingests are never both consumed); the export reads consistently; and a plain
/// pass afterwards has nothing left to do. Prints `RELIABILITY suite=concurrency …`.
@Suite(.serialized) struct ConcurrentStageReliabilityTests {
    static var rounds: Int {
        Int(LocalStackEnvironment.current["RELIABILITY_KILLS_PER_STAGE"] ?? "").flatMap { $0 > 0 ? min($0, 200) : nil }
            ?? 3
    }

    static let graph: [(String, [String], PipelineGraph.Node)] = [
        ("postgres-ingest", ["run"], PipelineGraph.ehrIngest),
        ("sftp-ingest", ["run"], PipelineGraph.appointmentsIngest),
        ("s3-copy-ingest", ["run"], PipelineGraph.diagnosticsIngest),
        ("pseudonymiser", ["run"], PipelineGraph.pseudonymise),
        ("transform-runner", ["run", "--layer", "silver"], PipelineGraph.silver),
        ("dq-validator", ["run", "--layer", "silver"], PipelineGraph.silverQuality),
        ("transform-runner", ["run", "--layer", "gold"], PipelineGraph.gold),
        ("dq-validator", ["run", "--layer", "gold"], PipelineGraph.goldQuality),
        ("gold-exporter", ["run"], PipelineGraph.export),
    ]

    @Test func twinInstancesOfEveryStageLeaveOneConsistentHistory() async throws {
        let sandbox = try PipelineSandbox(lake: .fileSystem)
        defer { sandbox.remove() }
        let backfill = try sandbox.run(
            "trust-sim", ["backfill"] + EndToEndTests.simulation + ["--hold-back-days", "1"])
        try #require(backfill.status == 0, "\(backfill.standardError.suffix(1000))")
        let lake = try sandbox.lake()
        let store = ManifestStore(lake: lake)
        var faults = 0
        var checked = 0
        var violations: [String] = []
        func check(_ held: Bool, _ what: @autoclosure () -> String) {
            checked += 1
            if !held { violations.append(what()) }
        }
        func verifyLake(_ context: String) async {
            do {
                let findings = try await ManifestChainVerifier(lake: lake).verify()
                check(findings.problems.isEmpty, "\(context): \(findings.problems.prefix(3))")
            } catch {
                check(false, "\(context): a manifest does not decode (\(type(of: error)))")
            }
        }

        // Every stage of the graph, twice at once, in graph order.
        for (executable, arguments, node) in Self.graph {
            let outcomes = try TwinProcesses(
                executable: executable, arguments: arguments, environment: sandbox.environment
            ).run()
            faults += 1
            let context = "\(executable) \(arguments.joined(separator: " ")) twins"
            for outcome in outcomes {
                check(outcome.status == 0, "\(context): exit \(outcome.status) \(outcome.standardError.suffix(600))")
            }
            await verifyLake(context)
            let dates = try await store.dates(stage: node.stage, scope: node.scope)
            check(!dates.isEmpty, "\(context): no manifests at all")
            for date in dates {
                let latest = try await store.latest(stage: node.stage, scope: node.scope, date: date)
                check(
                    latest.succeeded != nil || (latest.manifestStatus == .skipped),
                    "\(context): \(date) latest is \(latest.manifestStatus?.rawValue ?? "unreadable")")
            }
        }

        // Twin ingests were never both consumed: Silver holds every source encounter exactly once.
        let exportDate = try #require(try await store.succeededDates(stage: .goldExporter, scope: "export").last)
        let silver = try #require(
            try await store.latestSucceeded(stage: .transformRunner, scope: "silver", date: exportDate))
        let silverEncounters = silver.outputs(dataset: "encounters").reduce(0) { $0 + $1.rows }
        let sourceEncounters = Int(try sandbox.sourceQuery("ehr", "SELECT count(*) FROM encounters")) ?? -1
        check(
            silverEncounters == sourceEncounters,
            "Silver has \(silverEncounters) encounters, the source \(sourceEncounters)")
        let silverUrgent = silver.outputs(dataset: "urgent_care").reduce(0) { $0 + $1.rows }
        let sourceUrgent = Int(try sandbox.sourceQuery("urgent_care", "SELECT count(*) FROM urgent_care_logs")) ?? -1
        check(silverUrgent == sourceUrgent, "Silver has \(silverUrgent) urgent-care rows, the source \(sourceUrgent)")

        // Forced re-exports of the same date, twice at once, repeatedly: the export must always read consistently.
        let exports = try sandbox.exports()
        let afterGraph = await ExportConsistency(exports: exports).problems()
        check(afterGraph.isEmpty, "export after the twin graph run: \(afterGraph.prefix(3))")
        for round in 0..<Self.rounds {
            let outcomes = try TwinProcesses(
                executable: "gold-exporter", arguments: ["run", "--date", exportDate.description, "--force"],
                environment: sandbox.environment
            ).run()
            faults += 1
            for outcome in outcomes { check(outcome.status == 0, "re-export round \(round): exit \(outcome.status)") }
            let problems = await ExportConsistency(exports: exports).problems()
            check(problems.isEmpty, "re-export round \(round): \(problems.prefix(3))")
            await verifyLake("re-export round \(round)")
        }

        // Nothing is left to do afterwards.
        let before = try await lake.listAll(prefix: "_manifests/").count
        let rerun = try sandbox.runPipeline()
        check(
            rerun.count == 9 && rerun.allSatisfy { $0.1.status == 0 },
            "a plain pass after the races failed at \(rerun.last?.0 ?? "?")")
        let after = try await lake.listAll(prefix: "_manifests/").count
        check(after == before, "a plain pass after the races ran something again (\(after - before) new manifests)")

        print("RELIABILITY suite=concurrency faults=\(faults) invariants=\(checked) violations=\(violations.count)")
        #expect(violations.isEmpty, "\(violations.count) violation(s): \(violations.prefix(8))")
    }
}
