import Foundation
import ObjectStore
import PipelineContracts
import PipelineRuntime
import Testing

/// Issue #15, hostile input corpus, manifests: every ``ManifestCorpus`` case stored as the newest manifest of
/// an upstream node (Silver, read by dq-validator) and of the stage's own node.
///
/// Expected (ARCHITECTURE §5 "fail open"): an unreadable manifest counts as "not succeeded" — downstream is
/// blocked (exit 3, nothing written), the stage itself re-runs, `status` reports it as UNREADABLE — and
/// unknown fields are ignored. Recovery is the documented one: re-running the stage makes the date good again.
@Suite(.serialized) struct ManifestCorpusTests {
    static let day = try! BusinessDate(iso: "2025-02-03")
    static let stage = DownstreamStage.dqValidator

    /// Stores `testCase` as a newer manifest of `node` on `day`, shaped after `template`.
    static func store(_ testCase: ManifestCorpus.Case, like template: RunManifest, in lake: ReliabilityLake)
        async throws -> RunID
    {
        try await Task.sleep(for: .milliseconds(5))  // run ids order by millisecond: this one is newer
        // The far-future id is spelled out: `RunID.generate(now:)` would move this process's id clock past it,
        // and every later run here would sort after it, which another writer's clock never does.
        let run = testCase.farFutureKey ? try RunID("ffffffff-ffff-7fff-bfff-ffffffffffff") : RunID.generate()
        var manifest = template
        manifest.runID = run
        let body = testCase.body(Array(try ContractJSON.encode(manifest)))
        _ = try await lake.lake.put(key: manifest.key.description, bytes: body)
        return run
    }

    /// Checks what the store reads against the case's expectation; returns whether the latest counts as succeeded.
    static func reading(
        _ testCase: ManifestCorpus.Case, node: PipelineGraph.Node, lake: ReliabilityLake, figures: ReliabilityFigures
    ) async throws -> Bool {
        let latest = try await lake.manifests.latest(stage: node.stage, scope: node.scope, date: day)
        switch (testCase.reading, latest) {
        case (.unreadable, .unreadable), (.either, .unreadable), (.either, .manifest):
            figures.check(true)
        case (.readable(let status), .manifest(let manifest)):
            #expect(figures.check(manifest.status == status), "read as \(manifest.status)")
        default:
            Issue.record("\(testCase.name): read as \(latest)")
            figures.check(false)
        }
        // `status` reads the same lake without throwing and flags what it cannot read.
        let report = try await StatusReport.build(manifests: lake.manifests)
        let cell = report.cells[day.description]?["\(node.stage)/\(node.scope)"]
        if case .unreadable = latest {
            #expect(
                figures.check(cell?.state == "unreadable" && !report.healthy),
                "status shows \(cell?.state ?? "nothing")")
        }
        return latest.succeeded != nil
    }

    @Test(arguments: ManifestCorpus.cases.filter { !$0.farFutureKey })
    func hostileUpstreamManifestFailsOpenAndTheDateRecoversOnReRun(_ testCase: ManifestCorpus.Case) async throws {
        let figures = ReliabilityFigures(suite: "manifest-corpus/upstream")
        defer { figures.report() }
        let lake = try ReliabilityLake(prefix: "manifest-upstream")
        let prepared = try await Self.stage.prepare(lake, date: Self.day)
        let hostile = try await Self.store(testCase, like: prepared.upstream, in: lake)
        figures.fault()
        let usable = try await Self.reading(testCase, node: PipelineGraph.silver, lake: lake, figures: figures)

        let summary = try await Self.stage.run(lake, date: Self.day)
        let own = try await lake.latest(Self.stage.node, Self.day)
        if usable {
            #expect(figures.check(summary.exitStatus == .success), "exit \(summary.exitStatus)")
            let consumed = own?.inputs.first { $0.kind == "manifest" }?.runID
            #expect(
                figures.check(own?.status == .succeeded && consumed == hostile),
                "consumed \(consumed?.description ?? "nothing")")
        } else {
            #expect(
                figures.check(summary.exitStatus == .blocked),
                "exit \(summary.exitStatus): a gate ran on a manifest it cannot read")
            #expect(
                figures.check(own == nil),
                "dq-validator recorded \(own?.status.rawValue ?? "") on an unreadable snapshot")
        }

        // The operator re-runs the upstream stage: a new succeeded snapshot makes the date good again.
        try await Task.sleep(for: .milliseconds(5))
        let rerun = try await lake.commit(PipelineGraph.silver, date: Self.day, outputs: prepared.upstream.outputs)
        let recovered = try await Self.stage.run(lake, date: Self.day)
        #expect(
            figures.check(recovered.exitStatus == .success), "after re-running Silver: exit \(recovered.exitStatus)")
        let latestSilver = try await lake.manifests.latestSucceeded(
            stage: .transformRunner, scope: "silver", date: Self.day)
        #expect(
            figures.check(usable || latestSilver?.runID == rerun.runID),
            "the re-run Silver snapshot is not the latest succeeded one")
        #expect(figures.violations == 0)
    }

    @Test(arguments: ManifestCorpus.cases.filter { !$0.farFutureKey })
    func hostileOwnManifestMakesTheStageRunAgainAndTheNewRunCounts(_ testCase: ManifestCorpus.Case) async throws {
        let figures = ReliabilityFigures(suite: "manifest-corpus/own")
        defer { figures.report() }
        let lake = try ReliabilityLake(prefix: "manifest-own")
        try await Self.stage.prepare(lake, date: Self.day)
        #expect(try await Self.stage.run(lake, date: Self.day).exitStatus == .success)
        let first = try #require(try await lake.latest(Self.stage.node, Self.day))
        _ = try await Self.store(testCase, like: first, in: lake)
        figures.fault()
        let usable = try await Self.reading(testCase, node: Self.stage.node, lake: lake, figures: figures)

        // Resume twice: an unusable newest manifest is redone once, and the redone date then counts as done.
        let again = try await Self.stage.run(lake, date: nil)
        let twice = try await Self.stage.run(lake, date: nil)
        #expect(figures.check(again.exitStatus == .success && twice.exitStatus == .success))
        let succeeded = try await lake.manifests.latestSucceeded(
            stage: Self.stage.node.stage, scope: Self.stage.node.scope, date: Self.day)
        #expect(figures.check(succeeded != nil), "after a re-run the date still does not count as succeeded")
        #expect(
            figures.check(again.succeeded.count == (usable ? 0 : 1)),
            "first resume ran \(again.succeeded.count) time(s)")
        #expect(figures.check(twice.succeeded.isEmpty), "the second resume ran the date again: it never counts as done")
        #expect(figures.violations == 0)
    }

    /// D6 (fixed): a manifest stored under a run id far in the future (a writer with a wrong clock) is ignored when
    /// choosing the latest run, so the real runs before it stay in force and the runs after it count; `status`
    /// lists it and reports the lake as needing attention.
    @Test(arguments: ManifestCorpus.cases.filter(\.farFutureKey))
    func aFarFutureRunIDDoesNotHideLaterRuns(_ testCase: ManifestCorpus.Case) async throws {
        let figures = ReliabilityFigures(suite: "manifest-corpus/future")
        defer { figures.report() }
        let lake = try ReliabilityLake(prefix: "manifest-future")
        let prepared = try await Self.stage.prepare(lake, date: Self.day)
        let future = try await Self.store(testCase, like: prepared.upstream, in: lake)
        figures.fault()

        let silver = try await lake.latest(PipelineGraph.silver, Self.day)
        #expect(figures.check(silver?.runID == prepared.upstream.runID), "latest Silver is \(silver?.runID.description ?? "none")")
        let report = try await StatusReport.build(manifests: lake.manifests)
        #expect(figures.check(report.futureDated.contains { $0.contains(future.description) } && !report.healthy))
        #expect(figures.check(report.rendered().contains("dated in the future")))

        // The gate reads the real snapshot, and a newer snapshot written after the far-future one counts.
        let summary = try await Self.stage.run(lake, date: Self.day)
        #expect(figures.check(summary.exitStatus == .success), "exit \(summary.exitStatus)")
        try await Task.sleep(for: .milliseconds(5))
        let rerun = try await lake.commit(PipelineGraph.silver, date: Self.day, outputs: prepared.upstream.outputs)
        let latest = try await lake.manifests.latestSucceeded(stage: .transformRunner, scope: "silver", date: Self.day)
        #expect(figures.check(latest?.runID == rerun.runID), "the newer Silver snapshot is hidden")
        #expect(figures.violations == 0)
    }
}
