/// What a request is signed with: a credential provider, the service name and the region.
package struct AWSSigningContext: Sendable {
    package var credentials: any AWSCredentialProvider
    /// SigV4 service name: `s3`, `secretsmanager`, `sts`, …
    package var service: String
    package var region: String

    package init(credentials: any AWSCredentialProvider, service: String, region: String) {
        self.credentials = credentials
        self.service = service
        self.region = region
    }
}
