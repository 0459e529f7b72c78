import Foundation
import PipelineTesting
import SFTP
import Testing

@Suite struct SFTPConfigurationTests {
    private let base = ["SFTP_HOST": "sftp.example", "SFTP_USER": "trust", "SFTP_PRIVATE_KEY_FILE": "/keys/id"]

    @Test func readsKeysWithDefaults() throws {
        let configuration = try SFTPConfiguration(environment: base.merging(["SFTP_KNOWN_HOSTS_FILE": "/kh"]) { $1 })
        #expect(configuration.host == "sftp.example")
        #expect(configuration.port == 22)
        #expect(configuration.user == "trust")
        #expect(configuration.timeoutSeconds == 30)
        #expect(configuration.hostKeyPolicy == .knownHostsFile("/kh"))
        guard case .privateKey(let path, let passphrase) = configuration.authentication else {
            Issue.record("expected key authentication")
            return
        }
        #expect(path == "/keys/id" && passphrase == nil)
    }

    @Test func hostKeyVerificationCannotBeLeftUnconfigured() {
        let error = #expect(throws: SSHError.self) { try SFTPConfiguration(environment: base) }
        #expect(error?.code == .configuration)
        #expect(error?.message.contains("SFTP_KNOWN_HOSTS_FILE") == true)
        #expect(throws: SSHError.self) {
            try SFTPConfiguration(environment: base.merging(["SFTP_INSECURE_SKIP_HOST_KEY_CHECK": "maybe"]) { $1 })
        }
    }

    @Test func fingerprintsAreNormalisedAndValidated() throws {
        let body = Data(repeating: 7, count: 32).base64EncodedString()  // 44 chars with one "="
        let configuration = try SFTPConfiguration(
            environment: base.merging(["SFTP_HOST_KEY_FINGERPRINT": "sha256:\(body)"]) { $1 })
        #expect(configuration.hostKeyPolicy == .fingerprint("SHA256:" + body.dropLast()))
        #expect(SFTPConfiguration.normalisedFingerprint("SHA256:tooShort") == nil)
        #expect(throws: SSHError.self) {
            try SFTPConfiguration(environment: base.merging(["SFTP_HOST_KEY_FINGERPRINT": "MD5:aa:bb"]) { $1 })
        }
    }

    @Test func passwordComesFromValueOrFileButNotBoth() throws {
        let folder = try TemporaryDirectory(prefix: "sftp-config")
        defer { folder.remove() }
        try "s3cret\n".write(toFile: folder.file("pw"), atomically: true, encoding: .utf8)
        let common = ["SFTP_HOST": "h", "SFTP_USER": "u", "SFTP_KNOWN_HOSTS_FILE": "/kh"]
        let fromFile = try SFTPConfiguration(environment: common.merging(["SFTP_PASSWORD_FILE": folder.file("pw")]) { $1 })
        guard case .password(let password) = fromFile.authentication else {
            Issue.record("expected password authentication")
            return
        }
        #expect(password == "s3cret")
        #expect("\(fromFile.authentication)" == "password", "descriptions never show the password")
        #expect(throws: SSHError.self) {
            try SFTPConfiguration(
                environment: common.merging(["SFTP_PASSWORD": "x", "SFTP_PASSWORD_FILE": folder.file("pw")]) { $1 })
        }
        #expect(throws: SSHError.self) { try SFTPConfiguration(environment: common) }
        #expect(throws: SSHError.self) {
            try SFTPConfiguration(environment: common.merging(["SFTP_PASSWORD": "x", "SFTP_PORT": "70000"]) { $1 })
        }
    }
}
