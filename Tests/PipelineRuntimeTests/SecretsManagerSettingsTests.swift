import Foundation
import PipelineRuntime
import PipelineTesting
import Testing

/// `NAME_SECRET_ID` settings resolved through the local stack's real Secrets Manager endpoint (moto).
@Suite struct SecretsManagerSettingsTests {
    private func awsEnvironment() throws -> [String: String] {
        try LocalStackEnvironment.require(
            "SECRETS_MANAGER_ENDPOINT_URL", "AWS_REGION", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY")
    }

    @Test func secretIdIsResolvedThroughSecretsManagerWithoutAnInjectedStore() async throws {
        let value = "postgresql://reader:\(UUID().uuidString)@127.0.0.1:5432/ehr"
        let name = try await LocalSecretsManager.createSecret(value)
        var environment = try awsEnvironment()
        environment["WAREHOUSE_URL_SECRET_ID"] = name
        let secret = try await Settings(environment: environment).secret("WAREHOUSE_URL")
        #expect(secret?.text == value)
        #expect("\(secret!)" == "<redacted>")
    }

    @Test func anUnknownSecretIdIsAConfigurationErrorNamingTheVariable() async throws {
        var environment = try awsEnvironment()
        environment["WAREHOUSE_URL_SECRET_ID"] = "northshire/test/does-not-exist-\(UUID().uuidString)"
        do {
            _ = try await Settings(environment: environment).secret("WAREHOUSE_URL")
            Issue.record("an unknown secret id must fail")
        } catch let error as StageError {
            #expect(error.kind == .configuration)
            #expect(error.code == "secret_unavailable")
            #expect(error.message.contains("WAREHOUSE_URL_SECRET_ID"))
        }
    }

    @Test func aSecretIdWithoutAnyAWSRegionIsAConfigurationError() async throws {
        do {
            _ = try await Settings(environment: ["WAREHOUSE_URL_SECRET_ID": "x"]).secret("WAREHOUSE_URL")
            Issue.record("a secret id without AWS configuration must fail")
        } catch let error as StageError {
            #expect(error.kind == .configuration)
            #expect(error.message.contains("WAREHOUSE_URL_SECRET_ID"))
        }
    }

    @Test func onlyOneFormOfASecretMayBeSet() async throws {
        var environment = try awsEnvironment()
        environment["WAREHOUSE_URL"] = "postgresql://a@b/c"
        environment["WAREHOUSE_URL_SECRET_ID"] = "northshire/test/x"
        await #expect(throws: StageError.self) { try await Settings(environment: environment).secret("WAREHOUSE_URL") }
    }
}
