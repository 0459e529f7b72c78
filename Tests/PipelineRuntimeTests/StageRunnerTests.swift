import Foundation
import Logging
import ObjectStore
import PipelineContracts
import PipelineRuntime
import PipelineTesting
import Synchronization
import Testing

/// Counts runs across copies of a job.
private final class RunCounter: Sendable {
    private let count = Mutex(0)
    func increment() { count.withLock { $0 += 1 } }
    var value: Int { count.withLock { $0 } }
}

/// A job that writes one output per run and counts its runs.
private struct CountingJob: StageJob {
    let runs = RunCounter()
    var outcome: StageOutcome = .succeeded
    var failure: StageError?
    var stage: StageName { .sftpIngest }

    func scopes(for date: BusinessDate) async throws -> [LakeName] { ["appointments"] }

    func pendingWork(manifests: ManifestStore, logger: Logger) async throws -> [StageWorkItem] {
        try await manifests.pendingDates(upstream: [], own: (stage, "appointments")).map { StageWorkItem(scope: "appointments", date: $0) }
    }

    func run(context: RunContext) async throws -> StageOutcome {
        runs.increment()
        let key = try LakeKey(.bronze(source: "sftp", entity: "appointments", date: context.businessDate, run: context.runID), file: "part-00000.parquet")
        try await context.publish(bytes: Array("rows".utf8), key: key, dataset: "appointments", rows: 4)
        if let failure { throw failure }
        return outcome
    }
}

@Suite struct StageRunnerTests {
    let date = try! BusinessDate(iso: "2025-02-03")

    func makeRunner(_ lake: any ObjectStore, force: Bool = false) -> StageRunner {
        StageRunner(
            lake: lake, settings: Settings(environment: [:]), logger: InMemoryLogSink().logger(stage: "test"),
            options: StageRunner.Options(dates: [date], force: force, environment: "test"))
    }

    @Test func writesTheManifestLastWithOutputsAndChecksums() async throws {
        let folder = try TemporaryDirectory()
        defer { folder.remove() }
        let lake = try FileSystemObjectStore(root: folder.path)
        let summary = await makeRunner(lake).execute(CountingJob())
        #expect(summary.exitStatus == .success)
        let latest = try await ManifestStore(lake: lake).latestSucceeded(stage: .sftpIngest, scope: "appointments", date: date)
        let manifest = try #require(latest)
        #expect(manifest.outputs.count == 1)
        let stored = try await lake.get(key: manifest.outputs[0].key)
        #expect(manifest.outputs[0].bytes == stored.count)
        #expect(manifest.outputs[0].sha256.count == 64)
        #expect(manifest.environment == "test")
    }

    @Test func skipsWhenTheLatestManifestSucceeded() async throws {
        let folder = try TemporaryDirectory()
        defer { folder.remove() }
        let lake = try FileSystemObjectStore(root: folder.path)
        let job = CountingJob()
        _ = await makeRunner(lake).execute(job)
        let second = await makeRunner(lake).execute(job)
        #expect(job.runs.value == 1)
        #expect(second.alreadyDone.count == 1)
        let forced = await makeRunner(lake, force: true).execute(job)
        #expect(forced.succeeded.count == 1)
        #expect(job.runs.value == 2)
        // Both runs' files remain: nothing is overwritten.
        #expect(try await lake.listAll(prefix: "bronze/").count == 2)
    }

    @Test func reRunsWhenTheLatestManifestIsMalformed() async throws {
        let folder = try TemporaryDirectory()
        defer { folder.remove() }
        let lake = try FileSystemObjectStore(root: folder.path)
        let job = CountingJob()
        let key = LakeKey.manifest(stage: .sftpIngest, scope: "appointments", date: date, run: RunID.generate())
        _ = try await lake.put(key: key.description, bytes: Array("{not json".utf8))
        let summary = await makeRunner(lake).execute(job)
        #expect(summary.succeeded.count == 1)
        #expect(job.runs.value == 1)
    }

    @Test func aFailureWritesAFailedManifestWithoutOutputs() async throws {
        let folder = try TemporaryDirectory()
        defer { folder.remove() }
        let lake = try FileSystemObjectStore(root: folder.path)
        var job = CountingJob()
        job.failure = StageError("source_unavailable", "the drop server went away")
        let summary = await makeRunner(lake).execute(job)
        #expect(summary.exitStatus == .failed)
        guard case .manifest(let manifest) = try await ManifestStore(lake: lake).latest(stage: .sftpIngest, scope: "appointments", date: date) else {
            Issue.record("no manifest")
            return
        }
        #expect(manifest.status == .failed)
        #expect(manifest.outputs.isEmpty)
        #expect(manifest.errors.first?.code == "source_unavailable")
    }

    @Test func blockedAndConfigurationErrorsWriteNoManifest() async throws {
        let folder = try TemporaryDirectory()
        defer { folder.remove() }
        let lake = try FileSystemObjectStore(root: folder.path)
        var job = CountingJob()
        job.failure = .blocked("upstream_dq_failed", "silver DQ failed")
        #expect(await makeRunner(lake).execute(job).exitStatus == .blocked)
        job.failure = .configuration("bad setting")
        #expect(await makeRunner(lake).execute(job).exitStatus == .usage)
        #expect(try await lake.listAll(prefix: "_manifests/").isEmpty)
    }

    @Test func skippedOutcomeIsRecordedButNotSucceeded() async throws {
        let folder = try TemporaryDirectory()
        defer { folder.remove() }
        let lake = try FileSystemObjectStore(root: folder.path)
        var job = CountingJob()
        job.outcome = .skipped(reason: "not yet published")
        #expect(await makeRunner(lake).execute(job).exitStatus == .success)
        let store = ManifestStore(lake: lake)
        #expect(try await store.latestSucceeded(stage: .sftpIngest, scope: "appointments", date: date) == nil)
        // A skipped date is attempted again next time.
        job.outcome = .succeeded
        #expect(await makeRunner(lake).execute(job).succeeded.count == 1)
    }

    @Test func pendingDatesFollowUpstreamSuccess() async throws {
        let folder = try TemporaryDirectory()
        defer { folder.remove() }
        let lake = try FileSystemObjectStore(root: folder.path)
        let store = ManifestStore(lake: lake)
        let days = try BusinessDate(iso: "2025-01-01").through(BusinessDate(iso: "2025-01-03"))
        for (index, day) in days.enumerated() {
            for node in [PipelineGraph.ehrIngest, PipelineGraph.appointmentsIngest] {
                let status: RunStatus = (index == 1 && node == PipelineGraph.appointmentsIngest) ? .failed : .succeeded
                try await store.write(RunManifest(
                    stage: node.stage, scope: node.scope, businessDate: day, runID: RunID.generate(), status: status,
                    startedAt: Date(), finishedAt: Date(), environment: "test", codeVersion: "t"))
            }
        }
        try await store.write(RunManifest(
            stage: .pseudonymiser, scope: "person_level", businessDate: days[0], runID: RunID.generate(), status: .succeeded,
            startedAt: Date(), finishedAt: Date(), environment: "test", codeVersion: "t"))
        let pending = try await store.pendingDates(
            upstream: [(.postgresIngest, "ehr"), (.sftpIngest, "appointments")], own: (.pseudonymiser, "person_level"))
        #expect(pending == [days[2]])
    }
}
