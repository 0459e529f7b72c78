import CLibSSH
import Foundation
import Logging

/// The owner of one libssh session and its SFTP channel. Every call blocks.
///
/// Only ``SFTPClient`` creates and uses it, and only on the client's single dedicated thread, so the C handles
/// are never touched concurrently (libssh sessions are not thread-safe).
final class SSHConnection {
    private(set) var session: ssh_session?
    private(set) var sftp: sftp_session?
    let configuration: SFTPConfiguration

    private init(session: ssh_session, configuration: SFTPConfiguration) {
        self.session = session
        self.configuration = configuration
    }

    deinit { close() }

    /// Connects, verifies the host key, authenticates and starts the SFTP subsystem.
    ///
    /// The corresponding C functions are `ssh_connect`, `ssh_session_is_known_server`, `ssh_userauth_publickey`
    /// / `ssh_userauth_password`, `sftp_new` and `sftp_init`.
    static func open(_ configuration: SFTPConfiguration, logger: Logger) throws -> SSHConnection {
        guard let session = ssh_new() else {
            throw SSHError(.connectionFailed, "cannot allocate an SSH session (ssh_new)")
        }
        let connection = SSHConnection(session: session, configuration: configuration)
        do {
            try connection.applyOptions()
            let endpoint = connection.endpoint
            guard ssh_connect(session) == SSH_OK else {
                throw SSHError(.connectionFailed, "cannot connect to \(endpoint)", libsshMessage: connection.lastError)
            }
            try connection.verifyHostKey(logger: logger)
            try connection.authenticate()
            guard let sftp = sftp_new(session) else {
                throw SSHError(.subsystemFailed, "cannot open the SFTP channel on \(endpoint)", libsshMessage: connection.lastError)
            }
            connection.sftp = sftp
            guard sftp_init(sftp) == SSH_OK else {
                throw SSHError(
                    .subsystemFailed, "cannot start the SFTP subsystem on \(endpoint)",
                    libsshMessage: "status \(sftp_get_error(sftp)); \(connection.lastError)")
            }
            return connection
        } catch {
            connection.close()
            throw error
        }
    }

    /// `user@host:port`, for messages.
    var endpoint: String { "\(configuration.user)@\(configuration.host):\(configuration.port)" }

    /// Frees the SFTP channel and the session (idempotent). The corresponding C functions are `sftp_free`,
    /// `ssh_disconnect` and `ssh_free`.
    func close() {
        if let sftp { sftp_free(sftp) }
        sftp = nil
        if let session {
            ssh_disconnect(session)
            ssh_free(session)
        }
        session = nil
    }

    /// libssh's last error text for the session (`ssh_get_error`).
    var lastError: String {
        guard let session, let text = ssh_get_error(UnsafeMutableRawPointer(session)) else { return "" }
        return String(cString: text)
    }

    /// The open SFTP channel.
    func channel() throws -> sftp_session {
        guard let sftp else { throw SSHError(.closed, "the SFTP connection to \(endpoint) is closed") }
        return sftp
    }

    private func applyOptions() throws {
        guard let session else { throw SSHError(.closed, "session closed") }
        var port = UInt32(configuration.port)
        var timeout = Int(configuration.timeoutSeconds)
        var processConfig = false
        // Strict host-key checking stays at libssh's default (on): with it off, libssh 0.10's
        // ssh_session_is_known_server reports SSH_KNOWN_HOSTS_OK for any key (covered by SFTPHostKeyTests).
        var strict: Int32 = 1
        let knownHosts: String
        switch configuration.hostKeyPolicy {
        case .knownHostsFile(let path): knownHosts = path
        case .fingerprint, .insecureSkip: knownHosts = "/dev/null"
        }
        let results: [(String, Int32)] = [
            ("host", ssh_options_set(session, SSH_OPTIONS_HOST, configuration.host)),
            ("port", ssh_options_set(session, SSH_OPTIONS_PORT, &port)),
            ("user", ssh_options_set(session, SSH_OPTIONS_USER, configuration.user)),
            ("timeout", ssh_options_set(session, SSH_OPTIONS_TIMEOUT, &timeout)),
            ("process_config", ssh_options_set(session, SSH_OPTIONS_PROCESS_CONFIG, &processConfig)),
            ("knownhosts", ssh_options_set(session, SSH_OPTIONS_KNOWNHOSTS, knownHosts)),
            ("global_knownhosts", ssh_options_set(session, SSH_OPTIONS_GLOBAL_KNOWNHOSTS, "/dev/null")),
            ("stricthostkeycheck", ssh_options_set(session, SSH_OPTIONS_STRICTHOSTKEYCHECK, &strict)),
        ]
        for (name, result) in results where result != SSH_OK {
            throw SSHError(.configuration, "libssh rejected the \(name) option", libsshMessage: lastError)
        }
    }

    /// Public-key authentication with a key `importKey` loads; the key is freed afterwards.
    private func authenticate(
        _ session: ssh_session, keySource: String, importKey: (inout ssh_key?) -> Int32
    ) throws -> Int32 {
        var key: ssh_key?
        guard importKey(&key) == SSH_OK, let key else {
            throw SSHError(
                .privateKeyUnreadable, "cannot load \(keySource): not an OpenSSH/PEM ed25519 or RSA key, or wrong passphrase")
        }
        defer { ssh_key_free(key) }
        return ssh_userauth_publickey(session, nil, key)
    }

    private func authenticate() throws {
        guard let session else { throw SSHError(.closed, "session closed") }
        let result: Int32
        switch configuration.authentication {
        case .privateKey(let path, let passphrase):
            guard FileManager.default.isReadableFile(atPath: path) else {
                throw SSHError(.privateKeyUnreadable, "private key file \(path) does not exist or is not readable")
            }
            result = try authenticate(session, keySource: "private key \(path)") { key in
                ssh_pki_import_privkey_file(path, passphrase, nil, nil, &key)
            }
        case .privateKeyText(let text, let passphrase):
            result = try authenticate(session, keySource: "the private key in SFTP_PRIVATE_KEY") { key in
                ssh_pki_import_privkey_base64(text, passphrase, nil, nil, &key)
            }
        case .password(let password):
            result = ssh_userauth_password(session, nil, password)
        }
        guard result == SSH_AUTH_SUCCESS.rawValue else {
            let reason = result == SSH_AUTH_PARTIAL.rawValue ? "partial success (more factors required)" : "denied"
            throw SSHError(
                .authenticationFailed,
                "authentication as \(configuration.user) to \(configuration.host):\(configuration.port) with "
                    + "\(configuration.authentication) was \(reason)",
                libsshMessage: lastError)
        }
    }
}
