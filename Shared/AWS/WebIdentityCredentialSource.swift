import AsyncHTTPClient
import Foundation
import Logging
import NIOCore

/// Credentials from STS `AssumeRoleWithWebIdentity` with the token in `AWS_WEB_IDENTITY_TOKEN_FILE` and the
/// role `AWS_ROLE_ARN` (EKS IRSA and similar).
///
/// The session name is `AWS_ROLE_SESSION_NAME` (default `northshire-<random>`). STS is
/// `https://sts.<AWS_REGION>.amazonaws.com` (global endpoint without a region), or `AWS_ENDPOINT_URL_STS`.
/// The token file is read again on every refresh (it is rotated).
package struct WebIdentityCredentialSource: AWSCredentialSource {
    package let environment: [String: String]
    package let transport: AWSHTTPTransport
    package var name: String { "web-identity" }

    package init(environment: [String: String], httpClient: HTTPClient = .shared) {
        self.environment = environment
        self.transport = AWSHTTPTransport(httpClient: httpClient, retryPolicy: AWSRetryPolicy(), timeout: .seconds(30))
    }

    package func loadCredentials(logger: Logger) async throws -> AWSCredentials? {
        guard let tokenFile = environment["AWS_WEB_IDENTITY_TOKEN_FILE"], !tokenFile.isEmpty else { return nil }
        guard let roleARN = environment["AWS_ROLE_ARN"], !roleARN.isEmpty else {
            throw AWSError(.invalidConfiguration, "AWS_WEB_IDENTITY_TOKEN_FILE is set but AWS_ROLE_ARN is not")
        }
        let token: String
        do {
            token = try String(contentsOfFile: tokenFile, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
        } catch {
            throw AWSError(.credentialsUnavailable, "cannot read web identity token file '\(tokenFile)'", underlying: error)
        }
        let sessionName =
            environment["AWS_ROLE_SESSION_NAME"].flatMap { $0.isEmpty ? nil : $0 }
            ?? "northshire-\(UUID().uuidString.prefix(8).lowercased())"
        let region = environment["AWS_REGION"].flatMap { $0.isEmpty ? nil : $0 } ?? environment["AWS_DEFAULT_REGION"]
        let endpoint = try AWSEndpoint(
            url: environment["AWS_ENDPOINT_URL_STS"].flatMap { $0.isEmpty ? nil : $0 }
                ?? (region.map { "https://sts.\($0).amazonaws.com" } ?? "https://sts.amazonaws.com"))
        let form = [
            ("Action", "AssumeRoleWithWebIdentity"), ("Version", "2011-06-15"), ("RoleArn", roleARN),
            ("RoleSessionName", sessionName), ("WebIdentityToken", token),
        ].map { "\(AWSURIEncoding.encode($0.0))=\(AWSURIEncoding.encode($0.1))" }.joined(separator: "&")
        let request = AWSRequest(
            method: .POST, scheme: endpoint.scheme, host: endpoint.hostHeader, encodedPath: endpoint.basePath + "/",
            headers: [("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")],
            body: .bytes(ByteBuffer(string: form)))
        let response: AWSResponse
        do {
            response = try await transport.execute(
                request, signing: nil, operation: "AssumeRoleWithWebIdentity", logger: logger, maxBodyBytes: 1 << 20)
        } catch let error as AWSError {
            throw AWSError(
                .credentialsUnavailable, "STS AssumeRoleWithWebIdentity failed for role '\(roleARN)'",
                httpStatus: error.httpStatus, requestID: error.requestID, underlying: error)
        }
        let root = try AWSXMLElement.parse(response.body)
        guard let credentials = root.child("AssumeRoleWithWebIdentityResult")?.child("Credentials"),
            let keyID = credentials.value("AccessKeyId"), let secret = credentials.value("SecretAccessKey")
        else { throw AWSError(.credentialsUnavailable, "STS response has no credentials") }
        return AWSCredentials(
            accessKeyID: keyID, secretAccessKey: secret, sessionToken: credentials.value("SessionToken"),
            expiration: credentials.value("Expiration").flatMap(AWSTimestamp.parse))
    }
}
