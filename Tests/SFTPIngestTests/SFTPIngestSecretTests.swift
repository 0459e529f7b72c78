import Foundation
import PipelineContracts
import PipelineRuntime
import PipelineTesting
import SFTP
import SFTPIngest
import Testing

/// The SFTP private key as ECS delivers it: key text in `SFTP_PRIVATE_KEY` or a `SFTP_PRIVATE_KEY_SECRET_ID`
/// resolved through Secrets Manager — against the real local sshd and moto.
@Suite struct SFTPIngestSecretTests {
    private func keyText(_ harness: SFTPIngestHarness) throws -> String {
        try String(contentsOfFile: harness.environment["SFTP_PRIVATE_KEY_FILE"]!, encoding: .utf8)
    }

    private func ingestsOneDrop(_ harness: SFTPIngestHarness, _ changes: [String: String?]) async throws {
        let date = try BusinessDate(iso: "2025-03-04")
        let row = "201,1,,G81001,3,77,2025-03-04,2025-03-04,GP,F2F,ROUTINE,ATTENDED,2025-03-01 09:15:00,2025-03-02 10:00:00,29,3"
        try await harness.drop(["20250304_appointments.csv": SFTPIngestHarness.csv([row])])
        let job = try await harness.job(changes)
        let summary = await harness.execute(job, dates: [date])
        #expect(summary.exitStatus == .success, "\(harness.sink.captured.suffix(5))")
    }

    @Test func inlinePrivateKeyAuthenticates() async throws {
        let harness = try SFTPIngestHarness()
        defer { harness.cleanUp() }
        try await ingestsOneDrop(harness, ["SFTP_PRIVATE_KEY_FILE": nil, "SFTP_PRIVATE_KEY": try keyText(harness)])
    }

    @Test func privateKeyFromSecretsManagerAuthenticates() async throws {
        let harness = try SFTPIngestHarness()
        defer { harness.cleanUp() }
        let name = try await LocalSecretsManager.createSecret(try keyText(harness))
        var changes: [String: String?] = ["SFTP_PRIVATE_KEY_FILE": nil, "SFTP_PRIVATE_KEY_SECRET_ID": name]
        for variable in ["SECRETS_MANAGER_ENDPOINT_URL", "AWS_REGION", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"] {
            changes[variable] = try LocalStackEnvironment.value(variable)
        }
        try await ingestsOneDrop(harness, changes)
    }

    @Test func aKeyFileAndInlineKeyTogetherAreRejectedWithoutEchoingTheKey() async throws {
        let harness = try SFTPIngestHarness()
        defer { harness.cleanUp() }
        let key = try keyText(harness)
        do {
            _ = try await harness.job(["SFTP_PRIVATE_KEY": key])
            Issue.record("two authentication forms must be rejected")
        } catch let error as StageError {
            #expect(error.kind == .configuration)
            #expect(error.message.contains("SFTP_PRIVATE_KEY_FILE") && error.message.contains("SFTP_PRIVATE_KEY"))
            #expect(!"\(error)".contains("PRIVATE KEY-----"), "the key never appears in errors")
        }
    }

    @Test func aGarbledInlineKeyFailsTheRunWithTheKeyErrorCode() async throws {
        let harness = try SFTPIngestHarness()
        defer { harness.cleanUp() }
        let date = try BusinessDate(iso: "2025-03-05")
        try await harness.drop(["20250305_appointments.csv": SFTPIngestHarness.csv([])])
        let job = try await harness.job(["SFTP_PRIVATE_KEY_FILE": nil, "SFTP_PRIVATE_KEY": "not a key"])
        let summary = await harness.execute(job, dates: [date])
        #expect(summary.exitStatus != .success)
        #expect(harness.sink.captured.contains { $0.contains("sftp_private_key_unreadable") })
    }
}
