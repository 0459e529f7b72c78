import AWS
import Logging
import PipelineRuntime

/// Resolves `*_SECRET_ID` settings through AWS Secrets Manager (``SecretsManagerClient``).
package struct SecretsManagerSecretStore: SecretStore {
    private let client: SecretsManagerClient

    package init(client: SecretsManagerClient) { self.client = client }

    /// A store when `PSEUDONYM_KEY_SECRET_ID` is set, else nil (no AWS configuration needed).
    ///
    /// - Throws: ``StageError`` (configuration) when the Secrets Manager client cannot be configured.
    package static func forPseudonymKey(settings: Settings, logger: Logger) throws -> SecretsManagerSecretStore? {
        guard settings.string("PSEUDONYM_KEY_SECRET_ID") != nil else { return nil }
        do {
            return SecretsManagerSecretStore(client: try SecretsManagerClient(environment: settings.values, logger: logger))
        } catch {
            throw StageError.configuration("cannot configure Secrets Manager for PSEUDONYM_KEY_SECRET_ID: \(error)")
        }
    }

    package func secretValue(id: String) async throws -> [UInt8] {
        try await client.getSecretValue(id: id).bytes
    }
}
