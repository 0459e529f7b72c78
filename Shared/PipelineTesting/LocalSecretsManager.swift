import AWS
import Foundation
import Logging

/// The local stack's Secrets Manager (moto, `SECRETS_MANAGER_ENDPOINT_URL`), for tests of `*_SECRET_ID` settings.
package enum LocalSecretsManager {
    /// Stores `value` under a fresh, unique secret name and returns the name.
    package static func createSecret(_ value: String, prefix: String = "northshire/test") async throws -> String {
        let environment = try LocalStackEnvironment.require(
            "SECRETS_MANAGER_ENDPOINT_URL", "AWS_REGION", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY")
        let client = try SecretsManagerClient(environment: environment, logger: Logger(label: "test.secrets"))
        let name = "\(prefix)/\(UUID().uuidString.lowercased())"
        struct CreateSecret: Encodable, Sendable {
            let name: String
            let secretString: String
            enum CodingKeys: String, CodingKey {
                case name = "Name"
                case secretString = "SecretString"
            }
        }
        _ = try await client.call(operation: "CreateSecret", payload: CreateSecret(name: name, secretString: value))
        return name
    }
}
