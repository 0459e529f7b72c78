import AsyncHTTPClient
import Foundation
import Logging
import NIOHTTP1

/// Credentials from the ECS container credentials endpoint (the task role).
///
/// `AWS_CONTAINER_CREDENTIALS_RELATIVE_URI` is fetched from `http://169.254.170.2`; otherwise
/// `AWS_CONTAINER_CREDENTIALS_FULL_URI` (https, or http to a loopback or the ECS/EKS link-local address) with
/// the `Authorization` header from `AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE` (preferred) or
/// `AWS_CONTAINER_AUTHORIZATION_TOKEN`.
package struct ContainerCredentialSource: AWSCredentialSource {
    package let environment: [String: String]
    package let transport: AWSHTTPTransport
    package var name: String { "ecs-container" }

    package init(environment: [String: String], httpClient: HTTPClient = .shared) {
        self.environment = environment
        self.transport = AWSHTTPTransport(
            httpClient: httpClient, retryPolicy: AWSRetryPolicy(maxAttempts: 3), timeout: .seconds(5))
    }

    package func loadCredentials(logger: Logger) async throws -> AWSCredentials? {
        let url: String
        if let relative = environment["AWS_CONTAINER_CREDENTIALS_RELATIVE_URI"], !relative.isEmpty {
            url = "http://169.254.170.2" + (relative.hasPrefix("/") ? relative : "/" + relative)
        } else if let full = environment["AWS_CONTAINER_CREDENTIALS_FULL_URI"], !full.isEmpty {
            url = full
        } else {
            return nil
        }
        guard let components = URLComponents(string: url), let scheme = components.scheme?.lowercased(),
            let host = components.host, !host.isEmpty
        else { throw AWSError(.invalidConfiguration, "container credentials URI is not a valid URL") }
        let allowedHTTPHosts = ["127.0.0.1", "localhost", "::1", "[::1]", "169.254.170.2", "169.254.170.23", "fd00:ec2::23"]
        guard scheme == "https" || (scheme == "http" && (allowedHTTPHosts.contains(host) || host.hasPrefix("127.")))
        else {
            throw AWSError(
                .invalidConfiguration,
                "container credentials URI must use https, or http to a loopback or the ECS/EKS link-local address")
        }
        var headers: [(String, String)] = [("Accept", "application/json")]
        if let tokenFile = environment["AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE"], !tokenFile.isEmpty {
            do {
                let token = try String(contentsOfFile: tokenFile, encoding: .utf8)
                    .trimmingCharacters(in: .whitespacesAndNewlines)
                headers.append(("Authorization", token))
            } catch {
                throw AWSError(
                    .credentialsUnavailable, "cannot read AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE '\(tokenFile)'",
                    underlying: error)
            }
        } else if let token = environment["AWS_CONTAINER_AUTHORIZATION_TOKEN"], !token.isEmpty {
            headers.append(("Authorization", token))
        }
        let port = components.port.map { ":\($0)" } ?? ""
        let hostHeader = (host.contains(":") && !host.hasPrefix("[") ? "[\(host)]" : host) + port
        var path = components.percentEncodedPath
        if path.isEmpty { path = "/" }
        if let query = components.percentEncodedQuery { path += "?" + query }
        // The query (if any) is kept inside the path: this request is not signed.
        let request = AWSRequest(method: .GET, scheme: scheme, host: hostHeader, encodedPath: path, headers: headers)
        let response: AWSResponse
        do {
            response = try await transport.execute(
                request, signing: nil, operation: "GetContainerCredentials", logger: logger, maxBodyBytes: 1 << 20)
        } catch let error as AWSError {
            throw AWSError(
                .credentialsUnavailable, "ECS container credentials endpoint failed", httpStatus: error.httpStatus,
                underlying: error)
        }
        struct Payload: Decodable {
            var AccessKeyId: String
            var SecretAccessKey: String
            var Token: String?
            var Expiration: String?
        }
        guard let payload = try? JSONDecoder().decode(Payload.self, from: Data(response.body)) else {
            throw AWSError(.credentialsUnavailable, "ECS container credentials response is not the expected JSON")
        }
        return AWSCredentials(
            accessKeyID: payload.AccessKeyId, secretAccessKey: payload.SecretAccessKey, sessionToken: payload.Token,
            expiration: payload.Expiration.flatMap(AWSTimestamp.parse))
    }
}
