#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Owns one POSIX file descriptor: sequential writes, positional reads, fsync. Closed exactly once.
final class ParquetFileHandle {
    private var descriptor: Int32
    let path: String

    private init(descriptor: Int32, path: String) {
        self.descriptor = descriptor
        self.path = path
    }

    deinit {
        if descriptor >= 0 { _ = systemClose(descriptor) }
    }

    /// Opens `path` for writing, creating or truncating it (open(2) with O_CREAT | O_TRUNC).
    static func create(path: String) throws -> ParquetFileHandle {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw errnoError("cannot create file", path: path) }
        return ParquetFileHandle(descriptor: fd, path: path)
    }

    /// Opens `path` read-only (open(2)).
    static func openForReading(path: String) throws -> ParquetFileHandle {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw errnoError("cannot open file", path: path) }
        return ParquetFileHandle(descriptor: fd, path: path)
    }

    /// The file size (fstat(2)).
    func size() throws -> Int {
        var info = stat()
        guard fstat(descriptor, &info) == 0 else { throw Self.errnoError("fstat failed", path: path) }
        return Int(info.st_size)
    }

    /// Writes all of `bytes` at the current position (write(2), retried on short writes and EINTR).
    func write(_ bytes: [UInt8]) throws {
        try bytes.withUnsafeBytes { raw in
            var written = 0
            while written < raw.count {
                let result = systemWrite(descriptor, raw.baseAddress! + written, raw.count - written)
                if result < 0 {
                    if errno == EINTR { continue }
                    throw Self.errnoError("write failed", path: path)
                }
                written += result
            }
        }
    }

    /// Reads exactly `count` bytes at `offset` (pread(2)).
    func read(offset: Int, count: Int) throws -> [UInt8] {
        guard count > 0 else { return [] }
        return try [UInt8](unsafeUninitializedCapacity: count) { buffer, initialized in
            initialized = 0
            while initialized < count {
                let result = pread(descriptor, buffer.baseAddress! + initialized, count - initialized, off_t(offset + initialized))
                if result < 0 {
                    if errno == EINTR { continue }
                    throw Self.errnoError("read failed", path: path)
                }
                if result == 0 {
                    throw ParquetError(.truncatedFile, "file ended while reading \(count) bytes", file: path, offset: offset)
                }
                initialized += result
            }
        }
    }

    /// Flushes the file to stable storage (fsync(2)).
    func sync() throws {
        guard fsync(descriptor) == 0 else { throw Self.errnoError("fsync failed", path: path) }
    }

    /// Closes the descriptor (close(2)); later calls do nothing.
    func close() throws {
        guard descriptor >= 0 else { return }
        let fd = descriptor
        descriptor = -1
        guard systemClose(fd) == 0 else { throw Self.errnoError("close failed", path: path) }
    }

    private static func errnoError(_ what: String, path: String) -> ParquetError {
        let code = errno
        return ParquetError(.io, "\(what): \(String(cString: strerror(code))) (errno \(code))", file: path)
    }
}

private func systemClose(_ fd: Int32) -> Int32 { close(fd) }
private func systemWrite(_ fd: Int32, _ buffer: UnsafeRawPointer, _ count: Int) -> Int { write(fd, buffer, count) }

// Reads use pread only and the descriptor is immutable between open and close, which happens in deinit or
// close(); ParquetReader never calls close() itself.
extension ParquetFileHandle: @unchecked Sendable {}
