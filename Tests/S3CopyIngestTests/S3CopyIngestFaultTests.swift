import Foundation
import Logging
import ObjectStore
import PipelineContracts
import PipelineRuntime
import PipelineTesting
import S3CopyIngest
import Testing

/// Issue #15, dependency faults at stage level: s3-copy-ingest reading the Trust bucket through a proxy that
/// answers 500 / 503 SlowDown or drops the connection. Transient faults are retried and the run equals a
/// clean one; persistent faults end in a failed manifest with a clear error code, quickly, with nothing
/// recorded as succeeded.
@Suite(.serialized) struct S3CopyIngestFaultTests {
    static let slowDown = "<?xml version=\"1.0\"?><Error><Code>SlowDown</Code><Message>Please reduce your request rate.</Message></Error>"
    static let internalError = "<?xml version=\"1.0\"?><Error><Code>InternalError</Code><Message>We encountered an internal error.</Message></Error>"

    /// Runs the stage with the Trust bucket reached through `endpoint` and a filesystem lake.
    func run(_ fixture: S3CopyIngestJobTests.Fixture, endpoint: String, lake folder: String, attempts: Int = 4)
        async throws -> (StageRunner.Summary, any ObjectStore, InMemoryLogSink)
    {
        let environment = fixture.environment.merging(
            ["TRUST_BUCKET_URL": fixture.trustURL, "S3_ENDPOINT_URL": endpoint, "S3_MAX_ATTEMPTS": "\(attempts)",
             "S3_REQUEST_TIMEOUT_SECONDS": "10", "S3_COPY_MODE": "auto"]) { $1 }
        let settings = Settings(environment: environment)
        let sink = InMemoryLogSink()
        let logger = sink.logger(stage: "s3-copy-ingest")
        let lake = try LakeConnection.open(url: "file://" + folder, settings: settings, logger: logger)
        let trust = try ObjectStoreFactory.make(url: fixture.trustURL, environment: environment, logger: logger)
        let job = S3CopyIngestJob(configuration: try S3CopyIngestConfiguration(settings: settings), trust: trust)
        let runner = StageRunner(
            lake: lake, settings: settings, logger: logger,
            options: .init(dates: [S3CopyIngestJobTests.exportDate], environment: "test"))
        return (await runner.execute(job), lake, sink)
    }

    /// Output SHA-256 per dataset of the latest succeeded diagnostics manifest.
    func outputs(_ lake: any ObjectStore) async throws -> [String: String] {
        let manifest = try await ManifestStore(lake: lake).latestSucceeded(
            stage: .s3CopyIngest, scope: "diagnostics", date: S3CopyIngestJobTests.exportDate)
        return Dictionary(uniqueKeysWithValues: (manifest?.outputs ?? []).map { ($0.dataset, $0.sha256) })
    }

    @Test func transientServerErrorsAndResetsAreRetriedAndTheRunEqualsACleanOne() async throws {
        let fixture = try await S3CopyIngestJobTests().makeFixture()
        defer { fixture.folder.remove() }
        let upstream = try LocalStackEnvironment.value("S3_ENDPOINT_URL")
        let (clean, cleanLake, _) = try await run(fixture, endpoint: upstream, lake: fixture.folder.file("clean"))
        #expect(clean.exitStatus == .success)

        // Every third request fails once, in turn 500, 503 SlowDown, connection reset; its retry goes through.
        let faults = try await FaultInjectingProxy.withProxy(upstream: upstream, rule: { _, _, index in
            switch index % 6 {
            case 0: return .respond(status: 500, body: Self.internalError)
            case 2: return .respond(status: 503, body: Self.slowDown)
            case 4: return .dropConnection
            default: return .forward
            }
        }) { endpoint, proxy in
            let (faulty, faultyLake, sink) = try await run(fixture, endpoint: endpoint, lake: fixture.folder.file("faulty"))
            #expect(faulty.exitStatus == .success, "\(sink.captured.suffix(3))")
            #expect(try await outputs(faultyLake) == outputs(cleanLake))
            #expect(try await !outputs(faultyLake).isEmpty)
            return proxy.requests.count
        }
        #expect(faults >= 6)
    }

    @Test(arguments: [500, 503])
    func aServerThatKeepsFailingEndsInAFailedManifestWithoutHanging(status: Int) async throws {
        let fixture = try await S3CopyIngestJobTests().makeFixture()
        defer { fixture.folder.remove() }
        let upstream = try LocalStackEnvironment.value("S3_ENDPOINT_URL")
        let started = ContinuousClock.now
        try await FaultInjectingProxy.withProxy(upstream: upstream, rule: { _, _, _ in
            .respond(status: status, body: status == 503 ? Self.slowDown : Self.internalError)
        }) { endpoint, proxy in
            let (summary, lake, _) = try await run(fixture, endpoint: endpoint, lake: fixture.folder.file("lake"), attempts: 3)
            #expect(summary.exitStatus == .failed)
            let latest = try await ManifestStore(lake: lake).latest(
                stage: .s3CopyIngest, scope: "diagnostics", date: S3CopyIngestJobTests.exportDate)
            guard case .manifest(let manifest) = latest else {
                Issue.record("no failed manifest: \(latest)")
                return
            }
            #expect(manifest.status == .failed)
            #expect(manifest.outputs.isEmpty)
            let code = manifest.errors.first?.code ?? ""
            #expect(code == "source_unavailable", "error code \(code)")
            #expect(manifest.errors.first?.message.contains("Trust bucket") == true, "\(manifest.errors)")
            #expect(manifest.errors.first?.message.contains("\(status)") == true, "\(manifest.errors)")
            // Bounded: the first request is tried `attempts` times, then the run stops.
            #expect(proxy.requests.count <= 6, "\(proxy.requests.count) requests")
        }
        #expect(ContinuousClock.now - started < .seconds(60))
    }

    @Test func resetConnectionsEveryTimeFailTheRunWithAClearCode() async throws {
        let fixture = try await S3CopyIngestJobTests().makeFixture()
        defer { fixture.folder.remove() }
        let upstream = try LocalStackEnvironment.value("S3_ENDPOINT_URL")
        try await FaultInjectingProxy.withProxy(upstream: upstream, rule: { _, _, _ in .dropConnection }) { endpoint, _ in
            let (summary, lake, _) = try await run(fixture, endpoint: endpoint, lake: fixture.folder.file("lake"), attempts: 2)
            #expect(summary.exitStatus == .failed)
            let succeeded = try await ManifestStore(lake: lake).latestSucceeded(
                stage: .s3CopyIngest, scope: "diagnostics", date: S3CopyIngestJobTests.exportDate)
            #expect(succeeded == nil)
            let latest = try await ManifestStore(lake: lake).latest(
                stage: .s3CopyIngest, scope: "diagnostics", date: S3CopyIngestJobTests.exportDate)
            if case .manifest(let manifest) = latest {
                #expect(manifest.status == .failed)
                let code = manifest.errors.first?.code
                #expect(code == "source_unavailable", "error code \(code ?? "none")")
            } else {
                Issue.record("no failed manifest: \(latest)")
            }
        }
    }
}
