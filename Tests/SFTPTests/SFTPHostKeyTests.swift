import Foundation
import Logging
import PipelineTesting
import SFTP
import Testing

@Suite struct SFTPHostKeyTests {
    @Test func wrongKnownHostsEntryFailsVerification() async throws {
        let server = try SFTPTestServer()
        let folder = try TemporaryDirectory(prefix: "known-hosts")
        defer { folder.remove() }
        // A real ed25519 key that is not the server's, filed under the server's [host]:port name.
        try SFTPTestServer.run("/usr/bin/ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-f", folder.file("other")])
        let otherKey = try String(contentsOfFile: folder.file("other.pub"), encoding: .utf8)
            .split(separator: " ").prefix(2).joined(separator: " ")
        let host = "[\(server.environment["SFTP_HOST"]!)]:\(server.environment["SFTP_PORT"]!)"
        try "\(host) \(otherKey)\n".write(toFile: folder.file("known_hosts"), atomically: true, encoding: .utf8)

        let configuration = try server.configuration(["SFTP_KNOWN_HOSTS_FILE": folder.file("known_hosts")])
        let error = await #expect(throws: SSHError.self) {
            try await SFTPClient.withClient(configuration: configuration, logger: Logger(label: "t")) { _ in }
        }
        #expect(error?.code == .hostKeyMismatch)
        #expect(error?.message.contains("does not match") == true)
        #expect(error?.message.contains(folder.file("known_hosts")) == true)
    }

    @Test func unknownHostFailsVerification() async throws {
        let server = try SFTPTestServer()
        let folder = try TemporaryDirectory(prefix: "known-hosts")
        defer { folder.remove() }
        // Only an entry for a different host name: the server is unknown.
        let realEntry = try String(contentsOfFile: server.environment["SFTP_KNOWN_HOSTS_FILE"]!, encoding: .utf8)
        let otherHost = realEntry.split(separator: " ").dropFirst().joined(separator: " ")
        try "[sftp.example.invalid]:2222 \(otherHost)".write(
            toFile: folder.file("known_hosts"), atomically: true, encoding: .utf8)
        let configuration = try server.configuration(["SFTP_KNOWN_HOSTS_FILE": folder.file("known_hosts")])
        let error = await #expect(throws: SSHError.self) {
            try await SFTPClient.withClient(configuration: configuration, logger: Logger(label: "t")) { _ in }
        }
        #expect(error?.code == .hostKeyUnknown)
        #expect(error?.message.contains("not in known_hosts") == true)
    }

    @Test func pinnedFingerprintIsEnforced() async throws {
        let server = try SFTPTestServer()
        // The fingerprint ssh-keygen computes from the known_hosts entry (an independent implementation).
        let listing = try SFTPTestServer.run(
            "/usr/bin/ssh-keygen", ["-l", "-E", "sha256", "-f", server.environment["SFTP_KNOWN_HOSTS_FILE"]!])
        let fingerprint = try #require(listing.split(separator: " ").first { $0.hasPrefix("SHA256:") }.map(String.init))
        let good = try server.configuration(["SFTP_KNOWN_HOSTS_FILE": nil, "SFTP_HOST_KEY_FINGERPRINT": fingerprint])
        let names = try await SFTPClient.withClient(configuration: good, logger: Logger(label: "t")) { client in
            try await client.list(directory: server.dropDirectory).count
        }
        #expect(names >= 0)

        let wrong = try server.configuration([
            "SFTP_KNOWN_HOSTS_FILE": nil, "SFTP_HOST_KEY_FINGERPRINT": "SHA256:" + String(repeating: "A", count: 43),
        ])
        let error = await #expect(throws: SSHError.self) {
            try await SFTPClient.withClient(configuration: wrong, logger: Logger(label: "t")) { _ in }
        }
        #expect(error?.code == .hostKeyMismatch)
        #expect(error?.message.contains(fingerprint) == true, "the message names the key the server presented")
    }

    @Test func insecureSkipConnectsAndWarnsLoudly() async throws {
        let server = try SFTPTestServer()
        let sink = InMemoryLogSink()
        let configuration = try server.configuration([
            "SFTP_KNOWN_HOSTS_FILE": nil, "SFTP_INSECURE_SKIP_HOST_KEY_CHECK": "true",
        ])
        #expect(configuration.hostKeyPolicy == .insecureSkip)
        try await SFTPClient.withClient(configuration: configuration, logger: sink.logger(stage: "sftp-tests")) { client in
            _ = try await client.list(directory: server.dropDirectory)
        }
        let warnings = sink.captured.filter { $0.contains("sftp_host_key_check_skipped") }
        #expect(warnings.count == 1)
        #expect(warnings.first?.contains("\"warning\"") == true)
    }

    @Test func wrongPrivateKeyFailsAuthenticationWithClearMessage() async throws {
        let server = try SFTPTestServer()
        let folder = try TemporaryDirectory(prefix: "bad-key")
        defer { folder.remove() }
        try SFTPTestServer.run("/usr/bin/ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-f", folder.file("stranger")])
        let configuration = try server.configuration(["SFTP_PRIVATE_KEY_FILE": folder.file("stranger")])
        let error = await #expect(throws: SSHError.self) {
            try await SFTPClient.withClient(configuration: configuration, logger: Logger(label: "t")) { _ in }
        }
        #expect(error?.code == .authenticationFailed)
        #expect(error?.message.contains("authentication as \(server.environment["SFTP_USER"]!)") == true)
        #expect(error?.message.contains("denied") == true)
    }

    @Test func unreadableOrGarbageKeyFailsBeforeAuthentication() async throws {
        let server = try SFTPTestServer()
        let folder = try TemporaryDirectory(prefix: "bad-key")
        defer { folder.remove() }
        try "not a key".write(toFile: folder.file("garbage"), atomically: true, encoding: .utf8)
        for path in [folder.file("garbage"), folder.file("missing")] {
            let configuration = try server.configuration(["SFTP_PRIVATE_KEY_FILE": path])
            let error = await #expect(throws: SSHError.self) {
                try await SFTPClient.withClient(configuration: configuration, logger: Logger(label: "t")) { _ in }
            }
            #expect(error?.code == .privateKeyUnreadable)
            #expect(error?.message.contains(path) == true)
        }
    }

    @Test func passphraseProtectedKeyNeedsItsPassphrase() async throws {
        let server = try SFTPTestServer()
        let folder = try TemporaryDirectory(prefix: "enc-key")
        defer { folder.remove() }
        // Re-encrypt a copy of the real client key with a passphrase.
        try FileManager.default.copyItem(atPath: server.environment["SFTP_PRIVATE_KEY_FILE"]!, toPath: folder.file("key"))
        try SFTPTestServer.run("/usr/bin/ssh-keygen", ["-q", "-p", "-N", "correct horse", "-f", folder.file("key")])
        let good = try server.configuration([
            "SFTP_PRIVATE_KEY_FILE": folder.file("key"), "SFTP_PRIVATE_KEY_PASSPHRASE": "correct horse",
        ])
        _ = try await SFTPClient.withClient(configuration: good, logger: Logger(label: "t")) { client in
            try await client.list(directory: server.dropDirectory).count
        }
        let bad = try server.configuration([
            "SFTP_PRIVATE_KEY_FILE": folder.file("key"), "SFTP_PRIVATE_KEY_PASSPHRASE": "tr0ub4dor-x",
        ])
        let error = await #expect(throws: SSHError.self) {
            try await SFTPClient.withClient(configuration: bad, logger: Logger(label: "t")) { _ in }
        }
        #expect(error?.code == .privateKeyUnreadable)
        #expect(error?.description.contains("tr0ub4dor") == false, "the passphrase never appears in the error")
    }

    @Test func refusedConnectionIsAConnectionError() async throws {
        let server = try SFTPTestServer()
        // Port 1 on loopback: nothing listens there.
        let configuration = try server.configuration(["SFTP_PORT": "1"])
        let error = await #expect(throws: SSHError.self) {
            try await SFTPClient.withClient(configuration: configuration, logger: Logger(label: "t")) { _ in }
        }
        #expect(error?.code == .connectionFailed)
        #expect(error?.message.contains(":1") == true)
    }
}
