import CLibSSH

/// An open remote file read with pipelined requests: up to `window` reads of `chunkSize` bytes are in flight,
/// so a transfer costs one round trip per window rather than per chunk.
///
/// This is the one place that uses libssh 0.10's `sftp_async_read_begin` / `sftp_async_read` (renamed in 0.11).
/// Used only on its ``SFTPClient``'s thread, like the connection it belongs to.
final class SFTPReadHandle {
    private var file: sftp_file?
    private let path: String
    private let chunkSize: Int
    private let window: Int
    private let connection: SSHConnection
    private var pending: [UInt32] = []
    private var reachedEnd = false
    private var sawShortRead = false
    private var buffer: [UInt8]

    init(file: sftp_file, path: String, chunkSize: Int, window: Int, connection: SSHConnection) {
        self.file = file
        self.path = path
        self.chunkSize = chunkSize
        self.window = window
        self.connection = connection
        self.buffer = [UInt8](repeating: 0, count: chunkSize)
    }

    deinit { close() }

    /// The next bytes in file order (at most `window × chunkSize`), or an empty array at the end of the file.
    ///
    /// - Throws: ``SSHError`` on a failed read, or when the server returns a short read before the end of the
    ///   file (pipelined offsets would otherwise leave a gap; nothing is ever silently skipped).
    func nextBatch() throws -> [UInt8] {
        guard let file else { throw SSHError(.closed, "\(path) is closed") }
        if !reachedEnd {
            while pending.count < window {
                let id = sftp_async_read_begin(file, UInt32(chunkSize))
                guard id >= 0 else { throw connection.failure("read", path: path) }
                pending.append(UInt32(id))
            }
        }
        var batch: [UInt8] = []
        var collected = 0
        while !pending.isEmpty && collected < window {
            let id = pending.removeFirst()
            collected += 1
            let count = buffer.withUnsafeMutableBytes { sftp_async_read(file, $0.baseAddress, UInt32(chunkSize), id) }
            guard count >= 0 else { throw connection.failure("read", path: path) }
            if count == 0 {
                reachedEnd = true
                continue
            }
            if sawShortRead || reachedEnd {
                throw SSHError(.operationFailed, "server returned a short read in the middle of \(path); transfer aborted")
            }
            if Int(count) < chunkSize { sawShortRead = true }
            batch.append(contentsOf: buffer[0..<Int(count)])
            if !reachedEnd {
                let next = sftp_async_read_begin(file, UInt32(chunkSize))
                guard next >= 0 else { throw connection.failure("read", path: path) }
                pending.append(UInt32(next))
            }
        }
        return batch
    }

    /// Closes the remote handle (`sftp_close`); idempotent. Outstanding replies are discarded by libssh.
    func close() {
        if let file { sftp_close(file) }
        file = nil
    }
}
