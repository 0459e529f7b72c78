import Logging

/// Fixed credentials (tests, benchmarks, explicitly configured keys).
package struct StaticCredentialProvider: AWSCredentialProvider, AWSCredentialSource {
    package let value: AWSCredentials
    package var name: String { "static" }

    package init(_ credentials: AWSCredentials) { self.value = credentials }

    package func credentials(logger: Logger) async throws -> AWSCredentials { value }
    package func loadCredentials(logger: Logger) async throws -> AWSCredentials? { value }
}
