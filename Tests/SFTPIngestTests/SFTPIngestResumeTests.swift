import Foundation
import PipelineContracts
import PipelineRuntime
import PipelineTesting
import SFTPIngest
import Testing

/// Issues #7 and #15: the SFTP connection dropped in the middle of a transfer (the server process serving it
/// dies). sftp-ingest reconnects and resumes from the byte it reached — the landed file and its SHA-256 equal
/// the Trust's — and with no attempts left it fails with a clear code, recording nothing as succeeded.
@Suite(.serialized) struct SFTPIngestResumeTests {
    private let day = try! BusinessDate(iso: "2025-03-31")
    private let name = "20250331_appointments.csv"

    /// About 6 MB of valid appointment rows.
    static let file: [UInt8] = SFTPIngestHarness.csv((1...60_000).map { id in
        "\(id),\(id % 5000),,G81001,3,77,2025-03-31 09:00:00,2025-03-31 09:15:00,GP,F2F,ROUTINE,ATTENDED,2025-03-01,2025-03-02,30,\(1 + id % 10)"
    })

    /// The server's pinned key fingerprint, read from the harness's known_hosts (host-key checking stays on; the
    /// entry there names the real port, not the proxy's).
    func fingerprint(_ harness: SFTPIngestHarness) throws -> String {
        let listing = try ProcessRunner.run("ssh-keygen", ["-lf", harness.environment["SFTP_KNOWN_HOSTS_FILE"]!])
        let field = listing.standardOutput.split(whereSeparator: \.isWhitespace).first { $0.hasPrefix("SHA256:") }
        return try #require(field.map(String.init), "ssh-keygen printed no fingerprint")
    }

    func throughProxy(
        _ harness: SFTPIngestHarness, attempts: Int, _ check: (StageRunner.Summary, ConnectionCuttingProxy) async throws -> Void
    ) async throws {
        try await harness.drop([name: Self.file])
        let host = harness.environment["SFTP_HOST"]!
        let port = Int(harness.environment["SFTP_PORT"]!)!
        try await ConnectionCuttingProxy.withProxy(upstreamHost: host, upstreamPort: port, cutFirstConnectionAfter: 2_000_000) {
            proxyPort, proxy in
            let job = try await harness.job([
                "SFTP_PORT": "\(proxyPort)", "SFTP_KNOWN_HOSTS_FILE": nil, "SFTP_HOST_KEY_FINGERPRINT": try fingerprint(harness),
                "SFTP_CONNECT_ATTEMPTS": "\(attempts)",
            ])
            try await check(await harness.execute(job, dates: [day]), proxy)
        }
    }

    @Test func aTransferCutMidwayResumesAndLandsTheExactFile() async throws {
        let harness = try SFTPIngestHarness()
        defer { harness.cleanUp() }
        try await throughProxy(harness, attempts: 3) { summary, proxy in
            #expect(summary.exitStatus == .success, "\(harness.sink.captured.suffix(3))")
            #expect(proxy.connectionCount >= 2, "the first connection was cut, so a second one finished the file")
        }
        let manifest = try #require(try await harness.manifests(day).last)
        #expect(manifest.status == .succeeded)
        let expected = try SFTPIngestHarness.sha256(Self.file)
        #expect(manifest.inputs.first { $0.kind == "sftp_file" }?.sha256 == expected)
        let raw = try #require(manifest.outputs.first { $0.dataset == "raw" })
        #expect(raw.sha256 == expected && raw.bytes == Self.file.count)
        #expect(try await harness.lake.get(key: raw.key) == Self.file)
        #expect(manifest.outputs.first { $0.dataset == "appointments" }?.rows == 60_000)
        #expect(harness.sink.captured.contains { $0.contains("sftp_transfer_resumed") })
    }

    @Test func withNoAttemptLeftTheRunFailsClearlyAndNothingCountsAsIngested() async throws {
        let harness = try SFTPIngestHarness()
        defer { harness.cleanUp() }
        try await throughProxy(harness, attempts: 1) { summary, _ in
            #expect(summary.exitStatus == .failed)
        }
        let manifests = try await harness.manifests(day)
        #expect(manifests.count == 1)
        #expect(manifests.first?.status == .failed)
        #expect(manifests.first?.outputs.isEmpty == true)
        #expect(manifests.first?.errors.first?.code == "sftp_connection_lost", "\(manifests.first?.errors ?? [])")
    }
}
