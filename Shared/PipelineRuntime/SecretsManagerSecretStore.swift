import AWS
import Logging

/// Resolves `*_SECRET_ID` settings through AWS Secrets Manager (``SecretsManagerClient``).
///
/// ``Settings/secret(_:store:)`` creates one from the environment when a `NAME_SECRET_ID` is set and no
/// other store is given, so every service accepts the `_SECRET_ID` form of every secret it reads. The
/// client honours `AWS_REGION`, the usual credential chain and `SECRETS_MANAGER_ENDPOINT_URL`.
package struct SecretsManagerSecretStore: SecretStore {
    private let client: SecretsManagerClient

    package init(client: SecretsManagerClient) { self.client = client }

    /// A store for the AWS configuration in `settings`.
    ///
    /// - Throws: ``StageError`` (configuration) when the Secrets Manager client cannot be configured
    ///   (no region, an invalid endpoint URL); `variable` names the setting that needed it.
    package init(settings: Settings, for variable: String) throws {
        do {
            client = try SecretsManagerClient(environment: settings.values, logger: Logger(label: "northshire.secrets"))
        } catch {
            throw StageError.configuration("cannot configure Secrets Manager for \(variable): \(error)")
        }
    }

    package func secretValue(id: String) async throws -> [UInt8] {
        try await client.getSecretValue(id: id).bytes
    }
}
