import AsyncHTTPClient
import Foundation
import Logging
import NIOCore

/// AWS Secrets Manager (JSON protocol): `GetSecretValue`.
///
/// ## Configuration keys
/// - `AWS_REGION` (or `AWS_DEFAULT_REGION`): the region (`secretsmanager.<region>.amazonaws.com`).
/// - `SECRETS_MANAGER_ENDPOINT_URL`: a custom endpoint (local stacks, VPC endpoints).
package struct SecretsManagerClient: Sendable {
    package let region: String
    package let endpoint: AWSEndpoint
    package let credentials: any AWSCredentialProvider
    package let logger: Logger
    let transport: AWSHTTPTransport

    package init(
        region: String, endpoint: AWSEndpoint? = nil, credentials: any AWSCredentialProvider,
        httpClient: HTTPClient = .shared, retryPolicy: AWSRetryPolicy = AWSRetryPolicy(),
        timeout: Duration = .seconds(30), logger: Logger
    ) {
        self.region = region
        self.endpoint = endpoint ?? AWSEndpoint(scheme: "https", hostname: "secretsmanager.\(region).amazonaws.com")
        self.credentials = credentials
        self.logger = logger
        self.transport = AWSHTTPTransport(httpClient: httpClient, retryPolicy: retryPolicy, timeout: timeout)
    }

    /// A client configured from the environment keys above, with the default credential chain unless
    /// `credentials` is given.
    ///
    /// - Throws: ``AWSError`` with code `invalidConfiguration`.
    package init(
        environment: [String: String], credentials: (any AWSCredentialProvider)? = nil,
        httpClient: HTTPClient = .shared, logger: Logger
    ) throws {
        let endpoint = try environment["SECRETS_MANAGER_ENDPOINT_URL"].flatMap { $0.isEmpty ? nil : $0 }
            .map { try AWSEndpoint(url: $0) }
        let region = [environment["AWS_REGION"], environment["AWS_DEFAULT_REGION"]].compactMap { $0 }
            .first { !$0.isEmpty } ?? (endpoint == nil ? nil : "us-east-1")
        guard let region else {
            throw AWSError(.invalidConfiguration, "AWS_REGION (or AWS_DEFAULT_REGION) is not set")
        }
        self.init(
            region: region, endpoint: endpoint,
            credentials: credentials ?? AWSCredentialChain(environment: environment, httpClient: httpClient),
            httpClient: httpClient, logger: logger)
    }

    /// The current value of a secret (name or ARN), or of `versionStage` (e.g. `AWSPREVIOUS`).
    ///
    /// - Throws: ``AWSError``; code `ResourceNotFoundException` when there is no such secret. The secret
    ///   value never appears in errors or logs.
    package func getSecretValue(id: String, versionStage: String? = nil) async throws -> SecretsManagerSecret {
        var payload: [String: String] = ["SecretId": id]
        if let versionStage { payload["VersionStage"] = versionStage }
        let body = try await call(operation: "GetSecretValue", payload: payload)
        guard let object = try? JSONSerialization.jsonObject(with: Data(body)) as? [String: Any] else {
            throw AWSError(.invalidResponse, "response is not a JSON object", operation: "GetSecretValue")
        }
        if let text = object["SecretString"] as? String { return .string(text) }
        if let encoded = object["SecretBinary"] as? String, let data = Data(base64Encoded: encoded) {
            return .binary(Array(data))
        }
        throw AWSError(.invalidResponse, "secret has neither SecretString nor SecretBinary", operation: "GetSecretValue")
    }

    /// Calls any Secrets Manager operation with a JSON payload and returns the JSON response body
    /// (tests use it to create secrets).
    package func call(operation: String, payload: some Encodable & Sendable) async throws -> [UInt8] {
        let data = try JSONEncoder().encode(payload)
        let request = AWSRequest(
            method: .POST, scheme: endpoint.scheme, host: endpoint.hostHeader, encodedPath: endpoint.basePath + "/",
            headers: [
                ("Content-Type", "application/x-amz-json-1.1"), ("X-Amz-Target", "secretsmanager.\(operation)"),
            ],
            body: .bytes(ByteBuffer(bytes: data)))
        let signing = AWSSigningContext(credentials: credentials, service: "secretsmanager", region: region)
        return try await transport.execute(request, signing: signing, operation: operation, logger: logger).body
    }
}
