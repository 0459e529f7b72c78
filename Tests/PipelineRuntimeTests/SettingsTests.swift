import Foundation
import PipelineRuntime
import PipelineTesting
import Testing

private struct FakeSecretStore: SecretStore {
    func secretValue(id: String) async throws -> [UInt8] { Array("from-\(id)".utf8) }
}

@Suite struct SettingsTests {
    @Test func flagsOverrideEnvironment() throws {
        let settings = Settings(environment: ["LAKE_URL": "file:///a", "LOG_LEVEL": "debug"], overrides: ["LAKE_URL": "s3://b/p"])
        #expect(settings.string("LAKE_URL") == "s3://b/p")
        #expect(settings.string("LOG_LEVEL") == "debug")
        #expect(throws: StageError.self) { try settings.required("WAREHOUSE_URL") }
    }

    @Test func secretsComeFromValueFileOrSecretId() async throws {
        let folder = try TemporaryDirectory()
        defer { folder.remove() }
        try "file-secret\n".write(toFile: folder.file("key"), atomically: true, encoding: .utf8)
        #expect(try await Settings(environment: ["K": "v"]).secret("K")?.text == "v")
        #expect(try await Settings(environment: ["K_FILE": folder.file("key")]).secret("K")?.text == "file-secret")
        #expect(try await Settings(environment: ["K_SECRET_ID": "x"]).secret("K", store: FakeSecretStore())?.text == "from-x")
        #expect(try await Settings(environment: [:]).secret("K") == nil)
        await #expect(throws: StageError.self) { try await Settings(environment: ["K": "a", "K_FILE": "/b"]).secret("K") }
        await #expect(throws: StageError.self) { try await Settings(environment: ["K_FILE": "/nonexistent"]).secret("K") }
    }

    @Test func secretsNeverPrint() {
        let secret = Secret(bytes: Array("hunter2".utf8))
        #expect("\(secret)" == "<redacted>")
        #expect(String(reflecting: secret) == "<redacted>")
    }

    @Test func logLinesAreJSONWithTheContractFields() throws {
        let sink = InMemoryLogSink()
        var logger = sink.logger(stage: "dq-validator")
        logger[metadataKey: "run_id"] = "r1"
        logger.info("hello", metadata: ["event": "run_started", "business_date": "2025-01-01"])
        let line = try #require(sink.captured.first)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        #expect(object["stage"] as? String == "dq-validator")
        #expect(object["event"] as? String == "run_started")
        #expect(object["run_id"] as? String == "r1")
        #expect(object["level"] as? String == "info")
        #expect(object["ts"] != nil)
    }
}
