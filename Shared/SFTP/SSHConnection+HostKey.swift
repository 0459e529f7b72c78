import CLibSSH
import Logging

extension SSHConnection {
    /// Checks the server's host key against the configured trust (`ssh_session_is_known_server`, or the pinned
    /// fingerprint from `ssh_get_publickey_hash`).
    ///
    /// - Throws: ``SSHError`` ``SSHError/Code/hostKeyUnknown`` or ``SSHError/Code/hostKeyMismatch`` with a
    ///   message naming the host, the trust source and the presented fingerprint.
    func verifyHostKey(logger: Logger) throws {
        let presented = try presentedFingerprint()
        let target = "\(configuration.host):\(configuration.port)"
        switch configuration.hostKeyPolicy {
        case .insecureSkip:
            logger.warning(
                "SFTP host-key verification is DISABLED (SFTP_INSECURE_SKIP_HOST_KEY_CHECK=true); accepting any key",
                metadata: ["event": "sftp_host_key_check_skipped", "sftp.host": "\(target)", "sftp.host_key": "\(presented)"])
        case .fingerprint(let expected):
            guard expected == presented else {
                throw SSHError(
                    .hostKeyMismatch,
                    "host key of \(target) does not match SFTP_HOST_KEY_FINGERPRINT (expected \(expected), server "
                        + "presented \(presented)); refusing to connect: possible man-in-the-middle or re-keyed server")
            }
        case .knownHostsFile(let path):
            guard let session = session else { throw SSHError(.closed, "session closed") }
            let state = ssh_session_is_known_server(session)
            switch state {
            case SSH_KNOWN_HOSTS_OK:
                return
            case SSH_KNOWN_HOSTS_CHANGED, SSH_KNOWN_HOSTS_OTHER:
                throw SSHError(
                    .hostKeyMismatch,
                    "host key of \(target) does not match its entry in \(path) (server presented \(presented)); "
                        + "refusing to connect: possible man-in-the-middle or re-keyed server")
            case SSH_KNOWN_HOSTS_UNKNOWN, SSH_KNOWN_HOSTS_NOT_FOUND:
                throw SSHError(
                    .hostKeyUnknown,
                    "host \(target) is not in known_hosts file \(path) (server presented \(presented)); add its key "
                        + "(for a non-22 port the entry is [host]:port) or set SFTP_HOST_KEY_FINGERPRINT")
            default:
                throw SSHError(
                    .hostKeyUnknown, "cannot check the host key of \(target) against \(path)", libsshMessage: lastError)
            }
        }
    }

    /// The server key's `SHA256:…` fingerprint (`ssh_get_server_publickey`, `ssh_get_publickey_hash`,
    /// `ssh_get_fingerprint_hash`).
    private func presentedFingerprint() throws -> String {
        guard let session = session else { throw SSHError(.closed, "session closed") }
        var key: ssh_key?
        guard ssh_get_server_publickey(session, &key) == SSH_OK, let key else {
            throw SSHError(.connectionFailed, "the server sent no host key", libsshMessage: lastError)
        }
        defer { ssh_key_free(key) }
        var hash: UnsafeMutablePointer<UInt8>?
        var length = 0
        guard ssh_get_publickey_hash(key, SSH_PUBLICKEY_HASH_SHA256, &hash, &length) == SSH_OK, let digest = hash else {
            throw SSHError(.connectionFailed, "cannot hash the server's host key", libsshMessage: lastError)
        }
        defer { ssh_clean_pubkey_hash(&hash) }
        guard let text = ssh_get_fingerprint_hash(SSH_PUBLICKEY_HASH_SHA256, digest, length) else {
            throw SSHError(.connectionFailed, "cannot format the server's host-key fingerprint")
        }
        defer { ssh_string_free_char(text) }
        return SFTPConfiguration.normalisedFingerprint(String(cString: text)) ?? String(cString: text)
    }
}
