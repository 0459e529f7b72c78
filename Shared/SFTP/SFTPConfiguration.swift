import Foundation

/// How to reach and authenticate to an SFTP server, and how to trust its host key.
///
/// ## Configuration keys
/// - `SFTP_HOST` (required): server host name or address.
/// - `SFTP_PORT` (default `22`).
/// - `SFTP_USER` (required).
/// - `SFTP_PRIVATE_KEY_FILE`: OpenSSH private key (ed25519 or RSA). Preferred over a password.
/// - `SFTP_PRIVATE_KEY` (secret): the same key as text, e.g. injected by ECS from Secrets Manager; never
///   written to disk.
/// - `SFTP_PRIVATE_KEY_PASSPHRASE` (+ `_FILE`, secret): passphrase of an encrypted key.
/// - `SFTP_PASSWORD` (+ `_FILE`, secret): password authentication when no key file is given.
/// - `SFTP_KNOWN_HOSTS_FILE`: OpenSSH known_hosts file holding the server's key (`[host]:port` for port ≠ 22).
/// - `SFTP_HOST_KEY_FINGERPRINT`: pinned `SHA256:<base64>` fingerprint, instead of a known_hosts file.
/// - `SFTP_INSECURE_SKIP_HOST_KEY_CHECK` (default `false`): accept any host key. Never for production; every
///   connection logs a warning.
/// - `SFTP_TIMEOUT_SECONDS` (default `30`): connect and per-operation timeout.
/// - `SFTP_CONNECT_ATTEMPTS` (default `3`): attempts for a connection refused or reset before the key exchange;
///   sftp-ingest also allows this many connections in all for one download that keeps losing its connection.
///
/// Host-key verification is on unless explicitly switched off: with neither a known_hosts file nor a
/// fingerprint (and no explicit skip) the configuration is rejected.
package struct SFTPConfiguration: Sendable {
    /// How the client proves who it is.
    package enum Authentication: Sendable, CustomStringConvertible {
        /// Public-key authentication with an OpenSSH private key file and an optional passphrase.
        case privateKey(path: String, passphrase: String?)
        /// Public-key authentication with an OpenSSH/PEM private key held in memory.
        case privateKeyText(String, passphrase: String?)
        /// Password authentication.
        case password(String)

        /// Redacted description (never the password or passphrase).
        package var description: String {
            switch self {
            case .privateKey(let path, _): return "private key \(path)"
            case .privateKeyText: return "private key (from SFTP_PRIVATE_KEY)"
            case .password: return "password"
            }
        }
    }

    /// How the server's host key is trusted.
    package enum HostKeyPolicy: Sendable, Hashable {
        /// The key must match an entry for the host in this OpenSSH known_hosts file.
        case knownHostsFile(String)
        /// The key's SHA-256 fingerprint must equal this one (`SHA256:…` as `ssh-keygen -l` prints it).
        case fingerprint(String)
        /// Any key is accepted (explicit opt-in; logged at warning on every connection).
        case insecureSkip
    }

    /// Server host.
    package var host: String
    /// Server port.
    package var port: Int
    /// Login user.
    package var user: String
    /// Credentials.
    package var authentication: Authentication
    /// Host-key trust.
    package var hostKeyPolicy: HostKeyPolicy
    /// Connect and per-operation timeout in seconds (`SSH_OPTIONS_TIMEOUT`).
    package var timeoutSeconds: Int
    /// How many times a connection that fails before the key exchange (refused, reset) is attempted.
    package var connectAttempts: Int

    /// Creates a configuration.
    package init(
        host: String, port: Int = 22, user: String, authentication: Authentication, hostKeyPolicy: HostKeyPolicy,
        timeoutSeconds: Int = 30, connectAttempts: Int = 3
    ) {
        self.host = host
        self.port = port
        self.user = user
        self.authentication = authentication
        self.hostKeyPolicy = hostKeyPolicy
        self.timeoutSeconds = timeoutSeconds
        self.connectAttempts = max(1, connectAttempts)
    }

    /// Reads the configuration keys listed on the type from an environment-like dictionary.
    ///
    /// Callers that resolve secrets elsewhere (e.g. Secrets Manager) put the resolved value under the plain name
    /// (`SFTP_PASSWORD`).
    /// - Throws: ``SSHError`` with code ``SSHError/Code/configuration`` naming the variable at fault.
    package init(environment: [String: String]) throws {
        func value(_ name: String) -> String? {
            guard let text = environment[name]?.trimmingCharacters(in: .whitespacesAndNewlines), !text.isEmpty else {
                return nil
            }
            return text
        }
        func secret(_ name: String) throws -> String? {
            let plain = environment[name].flatMap { $0.isEmpty ? nil : $0 }
            let file = value(name + "_FILE")
            if plain != nil, file != nil {
                throw SSHError(.configuration, "set only one of \(name), \(name)_FILE")
            }
            if let plain { return plain }
            guard let file else { return nil }
            guard var bytes = FileManager.default.contents(atPath: file).map(Array.init) else {
                throw SSHError(.configuration, "\(name)_FILE points to an unreadable file")
            }
            while let last = bytes.last, last == 0x0A || last == 0x0D { bytes.removeLast() }
            return String(decoding: bytes, as: UTF8.self)
        }
        func flag(_ name: String) throws -> Bool {
            guard let text = value(name)?.lowercased() else { return false }
            switch text {
            case "1", "true", "yes", "on": return true
            case "0", "false", "no", "off": return false
            default: throw SSHError(.configuration, "\(name) must be true or false")
            }
        }

        guard let host = value("SFTP_HOST") else { throw SSHError(.configuration, "SFTP_HOST is required but not set") }
        guard let user = value("SFTP_USER") else { throw SSHError(.configuration, "SFTP_USER is required but not set") }
        var port = 22
        if let text = value("SFTP_PORT") {
            guard let parsed = Int(text), (1...65_535).contains(parsed) else {
                throw SSHError(.configuration, "SFTP_PORT must be a port number in 1...65535")
            }
            port = parsed
        }
        var timeout = 30
        if let text = value("SFTP_TIMEOUT_SECONDS") {
            guard let parsed = Int(text), (1...3_600).contains(parsed) else {
                throw SSHError(.configuration, "SFTP_TIMEOUT_SECONDS must be a whole number in 1...3600")
            }
            timeout = parsed
        }

        var attempts = 3
        if let text = value("SFTP_CONNECT_ATTEMPTS") {
            guard let parsed = Int(text), (1...10).contains(parsed) else {
                throw SSHError(.configuration, "SFTP_CONNECT_ATTEMPTS must be a whole number in 1...10")
            }
            attempts = parsed
        }

        let authentication: Authentication
        let password = try secret("SFTP_PASSWORD")
        let keyText = environment["SFTP_PRIVATE_KEY"].flatMap { $0.isEmpty ? nil : $0 }
        let keyFile = value("SFTP_PRIVATE_KEY_FILE")
        let given = [keyFile.map { _ in "SFTP_PRIVATE_KEY_FILE" }, keyText.map { _ in "SFTP_PRIVATE_KEY" },
                     password.map { _ in "SFTP_PASSWORD" }].compactMap { $0 }
        guard given.count <= 1 else {
            throw SSHError(.configuration, "set only one of \(given.joined(separator: ", ")) for authentication")
        }
        if let keyFile {
            authentication = .privateKey(path: keyFile, passphrase: try secret("SFTP_PRIVATE_KEY_PASSPHRASE"))
        } else if let keyText {
            authentication = .privateKeyText(keyText, passphrase: try secret("SFTP_PRIVATE_KEY_PASSPHRASE"))
        } else if let password {
            authentication = .password(password)
        } else {
            throw SSHError(
                .configuration,
                "set SFTP_PRIVATE_KEY_FILE or SFTP_PRIVATE_KEY (preferred) or SFTP_PASSWORD / SFTP_PASSWORD_FILE")
        }

        let skip = try flag("SFTP_INSECURE_SKIP_HOST_KEY_CHECK")
        let knownHosts = value("SFTP_KNOWN_HOSTS_FILE")
        let fingerprint = value("SFTP_HOST_KEY_FINGERPRINT")
        let policy: HostKeyPolicy
        if skip {
            policy = .insecureSkip
        } else if let fingerprint {
            guard knownHosts == nil else {
                throw SSHError(.configuration, "set either SFTP_KNOWN_HOSTS_FILE or SFTP_HOST_KEY_FINGERPRINT, not both")
            }
            guard let normalised = SFTPConfiguration.normalisedFingerprint(fingerprint) else {
                throw SSHError(
                    .configuration, "SFTP_HOST_KEY_FINGERPRINT must be a SHA-256 fingerprint such as SHA256:<base64>")
            }
            policy = .fingerprint(normalised)
        } else if let knownHosts {
            policy = .knownHostsFile(knownHosts)
        } else {
            throw SSHError(
                .configuration,
                "host-key verification needs SFTP_KNOWN_HOSTS_FILE or SFTP_HOST_KEY_FINGERPRINT "
                    + "(or an explicit SFTP_INSECURE_SKIP_HOST_KEY_CHECK=true, never for production)")
        }
        self.init(
            host: host, port: port, user: user, authentication: authentication, hostKeyPolicy: policy,
            timeoutSeconds: timeout, connectAttempts: attempts)
    }

    /// A fingerprint in the form `SHA256:<unpadded base64 of 32 bytes>`, or nil when `text` is not one.
    ///
    /// Accepts the `SHA256:` prefix in any case, or none, and tolerates base64 padding.
    package static func normalisedFingerprint(_ text: String) -> String? {
        var body = Substring(text.trimmingCharacters(in: .whitespaces))
        if body.lowercased().hasPrefix("sha256:") { body = body.dropFirst(7) }
        while body.hasSuffix("=") { body = body.dropLast() }
        var padded = String(body)
        while padded.count % 4 != 0 { padded += "=" }
        guard let bytes = Data(base64Encoded: padded), bytes.count == 32 else { return nil }
        return "SHA256:" + body
    }
}
