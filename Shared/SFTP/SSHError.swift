/// A failure of an SSH or SFTP operation, with a stable ``Code``.
///
/// `message` says what failed in words an operator can act on (host, port, user, remote path); it never
/// contains a password, a passphrase or key material. `libsshMessage` carries libssh's own text
/// (`ssh_get_error`), which describes the protocol failure and holds no secrets.
package struct SSHError: Error, CustomStringConvertible, Sendable {
    /// A stable, machine-readable failure category.
    package struct Code: Hashable, Sendable, CustomStringConvertible {
        /// The code as written to logs and manifests.
        package let rawValue: String

        /// The configuration is incomplete or contradictory (nothing was attempted).
        package static let configuration = Code(rawValue: "sftp_configuration")
        /// The TCP connection or SSH handshake failed (`ssh_connect` ≠ `SSH_OK`).
        package static let connectionFailed = Code(rawValue: "sftp_connection_failed")
        /// The server's host key is not in the known_hosts file (`SSH_KNOWN_HOSTS_UNKNOWN` / `_NOT_FOUND`).
        package static let hostKeyUnknown = Code(rawValue: "sftp_host_key_unknown")
        /// The server presented a key that differs from the trusted one (`SSH_KNOWN_HOSTS_CHANGED` /
        /// `_OTHER`, or a pinned fingerprint mismatch): possible man-in-the-middle.
        package static let hostKeyMismatch = Code(rawValue: "sftp_host_key_mismatch")
        /// The private key file could not be read or decrypted (`ssh_pki_import_privkey_file`).
        package static let privateKeyUnreadable = Code(rawValue: "sftp_private_key_unreadable")
        /// The server rejected the credentials (`SSH_AUTH_DENIED` / `SSH_AUTH_PARTIAL`).
        package static let authenticationFailed = Code(rawValue: "sftp_authentication_failed")
        /// The SFTP subsystem could not be started (`sftp_new` / `sftp_init`).
        package static let subsystemFailed = Code(rawValue: "sftp_subsystem_failed")
        /// The remote path does not exist (`SSH_FX_NO_SUCH_FILE`, `SSH_FX_NO_SUCH_PATH`).
        package static let noSuchFile = Code(rawValue: "sftp_no_such_file")
        /// The server refused access (`SSH_FX_PERMISSION_DENIED`, `SSH_FX_WRITE_PROTECT`).
        package static let permissionDenied = Code(rawValue: "sftp_permission_denied")
        /// The remote path already exists (`SSH_FX_FILE_ALREADY_EXISTS`, or an exclusive create that failed).
        package static let alreadyExists = Code(rawValue: "sftp_already_exists")
        /// The connection was lost mid-operation (`SSH_FX_NO_CONNECTION`, `SSH_FX_CONNECTION_LOST`).
        package static let connectionLost = Code(rawValue: "sftp_connection_lost")
        /// Any other SFTP status (`SSH_FX_FAILURE`, `SSH_FX_BAD_MESSAGE`, `SSH_FX_OP_UNSUPPORTED`, …).
        package static let operationFailed = Code(rawValue: "sftp_operation_failed")
        /// A local file could not be read or written.
        package static let localIO = Code(rawValue: "sftp_local_io")
        /// The client was used after ``SFTPClient/close()``.
        package static let closed = Code(rawValue: "sftp_closed")

        /// The raw code.
        package var description: String { rawValue }
    }

    /// The failure category.
    package var code: Code
    /// What failed, safe for logs and manifests.
    package var message: String
    /// libssh's description of the failure (`ssh_get_error` / the SFTP status), when there is one.
    package var libsshMessage: String?
    /// Where the error was raised.
    package var location: String

    /// Creates an error.
    package init(
        _ code: Code, _ message: String, libsshMessage: String? = nil, fileID: String = #fileID, line: Int = #line
    ) {
        self.code = code
        self.message = message
        self.libsshMessage = libsshMessage?.isEmpty == true ? nil : libsshMessage
        self.location = "\(fileID):\(line)"
    }

    /// `code: message (libssh: …)`.
    package var description: String {
        var text = "\(code): \(message)"
        if let libsshMessage { text += " (libssh: \(libsshMessage))" }
        return text
    }

    /// Errors compare by code only.
    package static func ~= (pattern: Code, error: SSHError) -> Bool { pattern == error.code }
}
