import Foundation
import ObjectStore
import PipelineContracts
import PipelineRuntime
import PipelineTesting
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// Runs the test-only `stage-harness` executable and signals it mid-run.
@Suite(.serialized) struct StageProcessTests {
    func launch(lake: String, extra: [String] = []) throws -> Process {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try BuiltProducts.executable("stage-harness"))
        process.arguments = ["run", "--lake-url", "file://\(lake)", "--date", "2025-01-01", "--parts", "2000", "--delay-milliseconds", "250"] + extra
        process.standardError = FileHandle.nullDevice
        try process.run()
        return process
    }

    func waitForFirstOutput(in lake: String) async throws {
        let store = try FileSystemObjectStore(root: lake)
        for _ in 0..<1200 {
            if try await !store.listAll(prefix: "bronze/").isEmpty { return }
            try await Task.sleep(for: .milliseconds(25))
        }
        Issue.record("the harness wrote nothing")
    }

    @Test func killedRunLeavesNoManifest() async throws {
        let folder = try TemporaryDirectory()
        defer { folder.remove() }
        let process = try launch(lake: folder.path)
        try await waitForFirstOutput(in: folder.path)
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        let store = try FileSystemObjectStore(root: folder.path)
        #expect(try await store.listAll(prefix: "_manifests/").isEmpty)
        #expect(try await !store.listAll(prefix: "bronze/").isEmpty)
        #expect(try await ManifestStore(lake: store).succeededDates(stage: .sftpIngest, scope: "harness").isEmpty)
    }

    @Test func sigtermRecordsAFailedManifestAndExitsOne() async throws {
        let folder = try TemporaryDirectory()
        defer { folder.remove() }
        let process = try launch(lake: folder.path)
        try await waitForFirstOutput(in: folder.path)
        let sent = Date()
        kill(process.processIdentifier, SIGTERM)
        process.waitUntilExit()
        #expect(Date().timeIntervalSince(sent) < 15, "prompt: the harness had minutes of work left")
        #expect(process.terminationStatus == 1)
        let store = try FileSystemObjectStore(root: folder.path)
        let latest = try await ManifestStore(lake: store).latest(stage: .sftpIngest, scope: "harness", date: try BusinessDate(iso: "2025-01-01"))
        guard case .manifest(let manifest) = latest else {
            Issue.record("expected a failed manifest, got \(latest)")
            return
        }
        #expect(manifest.status == .failed)
        #expect(manifest.errors.first?.code == "interrupted")
        #expect(manifest.outputs.isEmpty)
    }

    @Test func exitCodesAndStatusFollowTheContract() throws {
        let folder = try TemporaryDirectory()
        defer { folder.remove() }
        let harness = try BuiltProducts.executable("stage-harness")
        let lake = "file://\(folder.path)"
        let ok = try ProcessRunner.run(harness, ["run", "--lake-url", lake, "--date", "2025-01-01", "--parts", "2"])
        #expect(ok.status == 0)
        #expect(ok.standardError.contains("\"event\":\"run_succeeded\""))
        let again = try ProcessRunner.run(harness, ["run", "--lake-url", lake, "--date", "2025-01-01"])
        #expect(again.status == 0)
        #expect(again.standardError.contains("\"event\":\"run_skipped\""))
        let failed = try ProcessRunner.run(harness, ["run", "--lake-url", lake, "--date", "2025-01-02", "--fail-after", "1"])
        #expect(failed.status == 1)
        let usage = try ProcessRunner.run(harness, ["run", "--lake-url", lake, "--date", "2025-02-30"])
        #expect(usage.status == 2)
        let badURL = try ProcessRunner.run(harness, ["run", "--lake-url", "ftp://x", "--date", "2025-01-01"])
        #expect(badURL.status == 2)
        let status = try ProcessRunner.run(harness, ["status", "--lake-url", lake, "--pipeline-stale-hours", "1"])
        #expect(status.status == 1)
        #expect(status.standardOutput.contains("FAILED"))
        #expect(status.standardOutput.contains("harness_failure"))
        let json = try ProcessRunner.run(harness, ["status", "--lake-url", lake, "--json"])
        #expect(json.standardOutput.contains("\"columns\""))
    }
}
