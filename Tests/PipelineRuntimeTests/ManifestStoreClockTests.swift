import Foundation
import ObjectStore
import PipelineContracts
import PipelineRuntime
import PipelineTesting
import Testing

/// `ManifestStore.latest` ignores run ids dated too far after the reader's clock (D6 of RELIABILITY.md), and
/// tolerates ordinary clock skew between tasks.
struct ManifestStoreClockTests {
    let date = try! BusinessDate(iso: "2025-02-03")
    let now = Date(timeIntervalSince1970: 1_760_000_000)

    /// A UUIDv7 for `instant`, spelled out so this process's run-id clock is not moved.
    func runID(at instant: Date, tail: String) throws -> RunID {
        let millis = String(UInt64(instant.timeIntervalSince1970 * 1000), radix: 16)
        let hex = String(repeating: "0", count: 12 - millis.count) + millis
        return try RunID("\(hex.prefix(8))-\(hex.dropFirst(8))-7000-8000-\(tail)")
    }

    func write(_ store: ManifestStore, run: RunID, status: RunStatus) async throws {
        try await store.write(RunManifest(
            stage: .sftpIngest, scope: "appointments", businessDate: date, runID: run, status: status,
            startedAt: now, finishedAt: now, environment: "test", codeVersion: "test"))
    }

    @Test func aRunIDMoreThanTheToleranceAheadIsIgnoredAndOrdinarySkewIsNot() async throws {
        let folder = try TemporaryDirectory()
        defer { folder.remove() }
        let clock = now
        let store = ManifestStore(lake: try FileSystemObjectStore(root: folder.path), now: { clock })
        let real = try runID(at: now.addingTimeInterval(-60), tail: "000000000001")
        let skewed = try runID(at: now.addingTimeInterval(ManifestStore.futureTolerance - 60), tail: "000000000002")
        let future = try runID(at: now.addingTimeInterval(ManifestStore.futureTolerance + 60), tail: "000000000003")

        try await write(store, run: real, status: .succeeded)
        try await write(store, run: future, status: .failed)
        // The future-dated failure does not make the date look failed.
        #expect(try await store.latestSucceeded(stage: .sftpIngest, scope: "appointments", date: date)?.runID == real)

        // A run 59 minutes ahead (clock skew within tolerance) is the latest.
        try await write(store, run: skewed, status: .failed)
        guard case .manifest(let latest) = try await store.latest(stage: .sftpIngest, scope: "appointments", date: date) else {
            Issue.record("no latest manifest")
            return
        }
        #expect(latest.runID == skewed)
        let keys = try await store.runKeys(stage: .sftpIngest, scope: "appointments", date: date)
        #expect(keys.filter(store.isDatedInTheFuture(key:)).map { $0.contains(future.description) } == [true])
    }
}
