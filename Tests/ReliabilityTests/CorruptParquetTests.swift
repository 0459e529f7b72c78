import Foundation
import ObjectStore
import PipelineContracts
import PipelineRuntime
import Testing

/// Issue #15, hostile input corpus, "corrupt/truncated Parquet given to a downstream stage": every
/// ``ParquetDamage`` applied to the file each ``DownstreamStage`` reads.
///
/// Expected: the run fails (exit 1) with `parquet_error` naming the file's key (or `integrity_mismatch` when
/// the bytes no longer match the manifest), commits no outputs, exports nothing, and leaves the upstream
/// file where it was; an undamaged control run of the same stage succeeds, so the failure is the damage's.
@Suite(.serialized) struct CorruptParquetTests {
    static let day = try! BusinessDate(iso: "2025-02-03")

    @Test(arguments: DownstreamStage.allCases)
    func undamagedControlRunSucceeds(stage: DownstreamStage) async throws {
        let lake = try ReliabilityLake(prefix: "parquet-control")
        try await stage.prepare(lake, date: Self.day)
        let summary = try await stage.run(lake, date: Self.day)
        #expect(summary.exitStatus == .success, "\(lake.logs.captured.suffix(5))")
        #expect(try await lake.latest(stage.node, Self.day)?.status == .succeeded)
    }

    @Test(arguments: DownstreamStage.allCases, ParquetDamage.allCases)
    func damagedUpstreamParquetFailsTheRunNamingTheFile(stage: DownstreamStage, damage: ParquetDamage) async throws {
        let figures = ReliabilityFigures(suite: "corrupt-parquet")
        defer { figures.report() }
        let lake = try ReliabilityLake(prefix: "parquet-damage")
        let damaged = damage.apply(to: try stage.goodTarget(lake))
        let tamper: DownstreamStage.Tamper =
            damage == .bitRotAfterCommit ? .changedAfterCommit(damaged) : .written(damaged)
        let prepared = try await stage.prepare(lake, date: Self.day, tamper: tamper)
        figures.fault()

        let summary = try await stage.run(lake, date: Self.day)
        #expect(figures.check(summary.exitStatus == .failed), "exit \(summary.exitStatus)")
        let manifest = try await lake.latest(stage.node, Self.day)
        #expect(figures.check(manifest?.status == .failed), "status \(manifest?.status.rawValue ?? "none")")
        #expect(figures.check(manifest?.outputs.isEmpty == true), "a failed run lists outputs")
        let error = manifest?.errors.first
        #expect(
            figures.check(error?.code == damage.expectedCode),
            "code \(error?.code ?? "none"), expected \(damage.expectedCode)")
        #expect(
            figures.check(error?.message.contains(prepared.targetKey) == true),
            "the error does not name the file: \(error?.message ?? "")")
        #expect(
            figures.check(StageLog(lines: lake.logs.captured).contains(event: "run_failed", code: damage.expectedCode)))
        // The damaged file is left for inspection, and nothing downstream of it is visible.
        let stored = try await lake.lake.get(key: prepared.targetKey)
        #expect(figures.check(stored == damaged), "the upstream file changed")
        if stage == .goldExporter {
            let exported = FileManager.default.enumerator(atPath: DownstreamStage.exportPath(lake))?.allObjects ?? []
            #expect(
                figures.check(exported.isEmpty), "the exporter wrote \(exported.count) entries from a damaged snapshot")
        }
        // Besides the injected bit rot itself, the lake's commit record is intact.
        let findings = try await LakeInvariants(lake: lake.lake, rootOnDisk: lake.folder.file("lake")).check()
        let problems = findings.problems.filter { damage != .bitRotAfterCommit || !$0.contains(prepared.targetKey) }
        #expect(figures.check(problems.isEmpty), "\(problems.prefix(5))")
        #expect(figures.check(!lake.logText.contains("9434765919")), "file content reached the logs")
    }
}
