import CLibSSH
import Foundation

extension SSHConnection {
    /// The one place SFTP status codes become ``SSHError``s (`sftp_get_error`).
    func failure(_ operation: String, path: String) -> SSHError {
        guard let sftp else { return SSHError(.closed, "cannot \(operation) \(path): the SFTP connection is closed") }
        let status = sftp_get_error(sftp)
        let code: SSHError.Code
        let meaning: String
        switch status {
        case SSH_FX_NO_SUCH_FILE, SSH_FX_NO_SUCH_PATH: (code, meaning) = (.noSuchFile, "no such file or directory")
        case SSH_FX_PERMISSION_DENIED, SSH_FX_WRITE_PROTECT: (code, meaning) = (.permissionDenied, "permission denied")
        case SSH_FX_FILE_ALREADY_EXISTS: (code, meaning) = (.alreadyExists, "already exists")
        case SSH_FX_NO_CONNECTION, SSH_FX_CONNECTION_LOST: (code, meaning) = (.connectionLost, "connection lost")
        case SSH_FX_OP_UNSUPPORTED: (code, meaning) = (.operationFailed, "operation not supported by the server")
        case SSH_FX_OK:
            // A transport-level failure leaves the SFTP status at OK; the session error says what happened.
            (code, meaning) = (.connectionLost, "transport error")
        default: (code, meaning) = (.operationFailed, "server reported failure (status \(status))")
        }
        return SSHError(code, "cannot \(operation) \(path) on \(endpoint): \(meaning)", libsshMessage: lastError)
    }

    /// The entries of `directory`, without `.` and `..`, sorted by name (`sftp_opendir`, `sftp_readdir`).
    func list(directory: String) throws -> [SFTPEntry] {
        let sftp = try channel()
        guard let dir = sftp_opendir(sftp, directory) else { throw failure("list", path: directory) }
        defer { sftp_closedir(dir) }
        var entries: [SFTPEntry] = []
        while let attributes = sftp_readdir(sftp, dir) {
            defer { sftp_attributes_free(attributes) }
            let entry = SSHConnection.entry(attributes, name: nil)
            if entry.name != "." && entry.name != ".." { entries.append(entry) }
        }
        guard sftp_dir_eof(dir) == 1 else { throw failure("list", path: directory) }
        return entries.sorted { $0.name < $1.name }
    }

    /// Attributes of `path`, following symlinks (`sftp_stat`).
    func stat(path: String) throws -> SFTPEntry {
        let sftp = try channel()
        guard let attributes = sftp_stat(sftp, path) else { throw failure("stat", path: path) }
        defer { sftp_attributes_free(attributes) }
        let name = path.split(separator: "/").last.map(String.init) ?? path
        return SSHConnection.entry(attributes, name: name)
    }

    /// Opens `path` for reading (`sftp_open` with `O_RDONLY`).
    func openForReading(path: String, offset: Int64 = 0, chunkSize: Int, window: Int) throws -> SFTPReadHandle {
        let sftp = try channel()
        guard let file = sftp_open(sftp, path, O_RDONLY, 0) else { throw failure("open", path: path) }
        if offset > 0, sftp_seek64(file, UInt64(offset)) != 0 {
            sftp_close(file)
            throw failure("seek in", path: path)
        }
        return SFTPReadHandle(file: file, path: path, chunkSize: chunkSize, window: window, connection: self)
    }

    /// Creates `path` exclusively and writes everything `source` yields (`sftp_open` with
    /// `O_WRONLY|O_CREAT|O_EXCL`, `sftp_write`, `sftp_fsync` when the server supports it, `sftp_close`).
    ///
    /// - Parameter source: called repeatedly; returns the next bytes, or an empty array at the end.
    /// - Returns: bytes written.
    func writeNewFile(path: String, permissions: mode_t, source: () throws -> [UInt8]) throws -> Int64 {
        let sftp = try channel()
        guard let file = sftp_open(sftp, path, O_WRONLY | O_CREAT | O_EXCL, permissions) else {
            throw failure("create", path: path)
        }
        var closed = false
        defer { if !closed { sftp_close(file) } }
        var total: Int64 = 0
        let maxWrite = 32 * 1024
        while true {
            let bytes = try source()
            if bytes.isEmpty { break }
            var offset = 0
            while offset < bytes.count {
                let count = min(maxWrite, bytes.count - offset)
                let written = bytes.withUnsafeBytes { buffer in
                    sftp_write(file, buffer.baseAddress! + offset, count)
                }
                guard written > 0 else { throw failure("write", path: path) }
                offset += written
            }
            total += Int64(bytes.count)
        }
        if sftp_extension_supported(sftp, "fsync@openssh.com", "1") == 1, sftp_fsync(file) != SSH_OK {
            throw failure("fsync", path: path)
        }
        closed = true
        guard sftp_close(file) == SSH_OK else { throw failure("close", path: path) }
        return total
    }

    /// Renames `from` to `to` (`sftp_rename`). SFTP v3 servers refuse to replace an existing target.
    func rename(from: String, to: String) throws {
        let sftp = try channel()
        guard sftp_rename(sftp, from, to) == SSH_OK else { throw failure("rename \(from) to", path: to) }
    }

    /// Removes the file `path` (`sftp_unlink`).
    func remove(path: String) throws {
        let sftp = try channel()
        guard sftp_unlink(sftp, path) == SSH_OK else { throw failure("remove", path: path) }
    }

    /// Removes the empty directory `path` (`sftp_rmdir`).
    func removeDirectory(path: String) throws {
        let sftp = try channel()
        guard sftp_rmdir(sftp, path) == SSH_OK else { throw failure("remove directory", path: path) }
    }

    /// Creates the directory `path` (`sftp_mkdir`).
    func makeDirectory(path: String, permissions: mode_t) throws {
        let sftp = try channel()
        guard sftp_mkdir(sftp, path, permissions) == SSH_OK else { throw failure("create directory", path: path) }
    }

    private static func entry(_ attributes: sftp_attributes, name: String?) -> SFTPEntry {
        let value = attributes.pointee
        let ownName = value.name.map { String(cString: $0) }
        return SFTPEntry(
            name: ownName ?? name ?? "",
            size: Int64(clamping: value.size),
            mtime: Date(timeIntervalSince1970: TimeInterval(value.mtime)),
            isDirectory: value.type == UInt8(SSH_FILEXFER_TYPE_DIRECTORY),
            isRegularFile: value.type == UInt8(SSH_FILEXFER_TYPE_REGULAR))
    }
}
