import Foundation
import ObjectStore
import PipelineContracts
import PipelineRuntime
import PipelineTesting
import Testing

/// Issue #15, dependency faults, "lake full / read-only (filesystem)": a real stage executable writes to a
/// lake on its own tmpfs that runs out of space at every point of the run, or turns read-only.
///
/// Expected (ARCHITECTURE §5, §8): exit 1 with `lake_no_space` / `lake_read_only` in the `run_failed` log
/// event (and in the failed manifest whenever there was room to write one), never a succeeded manifest over
/// incomplete outputs, no half-written object visible, and a plain re-run completing once the lake is fixed.
@Suite(.serialized, .enabled(if: TmpfsMount.isSupported, TmpfsMount.unsupportedReason))
struct LakeFaultTests {
    static let day = try! BusinessDate(iso: "2025-01-06")
    static let roomy = 64 << 20

    static func rows(_ manifest: RunManifest?) -> [String: Int] {
        Dictionary((manifest?.outputs ?? []).map { ($0.dataset, $0.rows) }, uniquingKeysWith: +)
    }

    @Test(arguments: LakeFaultStage.allCases)
    func aLakeThatFillsUpAtAnyPointFailsTheRunAndNeverCommitsAPartialOne(stage: LakeFaultStage) async throws {
        let figures = ReliabilityFigures(suite: "lake-full/\(stage.rawValue)")
        defer { figures.report() }
        let inputs = try stage.prepare(days: [Self.day])
        defer { inputs.remove() }
        let arguments = ["run", "--date", Self.day.description]

        // Control: with room to spare the run succeeds; what it used sets the sizes to sweep.
        let control = try TmpfsLake(bytes: Self.roomy)
        defer { control.remove() }
        let clean = try stage.run(arguments, inputs: inputs, lakeURL: control.url)
        try #require(clean.status == 0, "control run: \(clean.standardError.suffix(1500))")
        let expected = Self.rows(try await control.latest(stage.node, Self.day))
        try #require(!expected.isEmpty)
        let footprint = control.usedBytes

        // Sizes from one page to just under the footprint: the lake fills up before, during and after each output.
        let steps = ReliabilityBudget.faultsPerStage + 1
        for step in 0..<steps {
            let size = max(4096, footprint * step / steps)
            let lake = try TmpfsLake(bytes: size)
            defer { lake.remove() }
            figures.fault()
            let result = try stage.run(arguments, inputs: inputs, lakeURL: lake.url)
            let log = StageLog(result.standardError)
            let context = "\(stage) on a \(size)-byte lake"
            #expect(figures.check(result.status == 0 || result.status == 1), "\(context): exit \(result.status)")
            if result.status == 1 {
                #expect(
                    figures.check(log.contains(event: "run_failed", code: "lake_no_space")),
                    "\(context): no run_failed/lake_no_space event; codes \(log.errorCodes)")
            }
            if let latest = try await lake.latest(stage.node, Self.day) {
                if latest.status == .succeeded {
                    #expect(
                        figures.check(Self.rows(latest) == expected),
                        "\(context): committed \(Self.rows(latest)) ≠ \(expected)")
                } else {
                    #expect(figures.check(latest.outputs.isEmpty), "\(context): a failed manifest lists outputs")
                    #expect(figures.check(latest.errors.first?.code == "lake_no_space"), "\(context): \(latest.errors)")
                }
            }
            let findings = try await lake.invariants.check()
            #expect(figures.check(findings.problems.isEmpty), "\(context): \(findings.problems.prefix(5))")

            // The operator makes room; a plain re-run completes with the uninterrupted run's result.
            try lake.grow(toBytes: Self.roomy)
            let rerun = try stage.run(arguments, inputs: inputs, lakeURL: lake.url)
            #expect(
                figures.check(rerun.status == 0),
                "\(context): re-run exit \(rerun.status) \(rerun.standardError.suffix(800))")
            let recovered = try await lake.latest(stage.node, Self.day)
            #expect(
                figures.check(recovered?.status == .succeeded && Self.rows(recovered) == expected),
                "\(context): re-run gave \(Self.rows(recovered))")
            let after = try await lake.invariants.check()
            #expect(figures.check(after.problems.isEmpty), "\(context): after the re-run \(after.problems.prefix(5))")
        }
        #expect(figures.violations == 0)
    }

    @Test(arguments: LakeFaultStage.allCases)
    func aReadOnlyLakeFailsTheRunAndLeavesEveryCommittedRunIntact(stage: LakeFaultStage) async throws {
        let figures = ReliabilityFigures(suite: "lake-read-only/\(stage.rawValue)")
        defer { figures.report() }
        let second = Self.day.adding(days: 1)
        let inputs = try stage.prepare(days: [Self.day, second])
        defer { inputs.remove() }
        let lake = try TmpfsLake(bytes: Self.roomy)
        defer { lake.remove() }
        let first = try stage.run(["run", "--date", Self.day.description], inputs: inputs, lakeURL: lake.url)
        try #require(first.status == 0, "\(first.standardError.suffix(1500))")
        let committed = try #require(try await lake.latest(stage.node, Self.day))
        let before = lake.filesOnDisk
        try lake.mount.remount(readOnly: true)

        // A forced re-run of the committed date, then a resume onto the next date.
        for arguments in [["run", "--date", Self.day.description, "--force"], ["run"]] {
            figures.fault()
            let result = try stage.run(arguments, inputs: inputs, lakeURL: lake.url)
            let context = "\(stage) \(arguments.joined(separator: " ")) on a read-only lake"
            #expect(
                figures.check(result.status == 1),
                "\(context): exit \(result.status) \(result.standardError.suffix(800))")
            let log = StageLog(result.standardError)
            #expect(
                figures.check(log.contains(event: "run_failed", code: "lake_read_only")),
                "\(context): codes \(log.errorCodes)")
            #expect(figures.check(lake.filesOnDisk == before), "\(context): the lake changed")
            let latest = try await lake.latest(stage.node, Self.day)
            #expect(figures.check(latest?.runID == committed.runID), "\(context): the commit moved")
            let next = try await lake.latest(stage.node, second)
            #expect(figures.check(next == nil), "\(context): a manifest for \(second) appeared")
        }
        let readOnly = try await lake.invariants.check()
        #expect(figures.check(readOnly.problems.isEmpty), "\(readOnly.problems.prefix(5))")

        // Writable again: the resume completes the next date and the first commit is untouched.
        try lake.mount.remount(readOnly: false)
        let resumed = try stage.run(["run"], inputs: inputs, lakeURL: lake.url)
        #expect(figures.check(resumed.status == 0), "\(resumed.standardError.suffix(1500))")
        let next = try await lake.latest(stage.node, second)
        #expect(figures.check(next?.status == .succeeded))
        let latest = try await lake.latest(stage.node, Self.day)
        #expect(figures.check(latest?.runID == committed.runID))
        let writable = try await lake.invariants.check()
        #expect(figures.check(writable.problems.isEmpty), "\(writable.problems.prefix(5))")
        #expect(figures.violations == 0)
    }
}
