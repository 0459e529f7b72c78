import NIOCore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// A local file opened for reading (upload sources). Owns its descriptor and closes it on deinit.
final class LocalFile {
    let path: String
    private let fd: Int32

    init(path: String) throws {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else {
            throw AWSError(.localIO, "cannot open '\(path)': \(String(cString: strerror(errno)))")
        }
        self.fd = fd
        self.path = path
    }

    deinit { close(fd) }

    /// The file's size in bytes.
    func size() throws -> Int64 {
        var info = stat()
        guard fstat(fd, &info) == 0 else {
            throw AWSError(.localIO, "cannot stat '\(path)': \(String(cString: strerror(errno)))")
        }
        return Int64(info.st_size)
    }

    /// Exactly `length` bytes from `offset` (fails on a short file).
    func read(offset: Int64, length: Int) throws -> ByteBuffer {
        var buffer = ByteBufferAllocator().buffer(capacity: length)
        var done = 0
        while done < length {
            var failure: Int32 = 0
            let n = buffer.writeWithUnsafeMutableBytes(minimumWritableBytes: length - done) { pointer -> Int in
                let result = pread(self.fd, pointer.baseAddress!, length - done, off_t(offset) + off_t(done))
                if result < 0 { failure = errno }
                return max(result, 0)
            }
            if failure == EINTR { continue }
            if failure != 0 {
                throw AWSError(.localIO, "cannot read '\(path)': \(String(cString: strerror(failure)))")
            }
            if n == 0 { throw AWSError(.localIO, "short read of '\(path)' (the file changed while uploading?)") }
            done += n
        }
        return buffer
    }
}

/// `length` bytes of a file from `offset`, as an async sequence of chunks (an upload body).
struct FileChunkSequence: AsyncSequence, Sendable {
    typealias Element = ByteBuffer
    let path: String
    let offset: Int64
    let length: Int64
    var chunkSize = 1 << 20

    struct AsyncIterator: AsyncIteratorProtocol {
        let sequence: FileChunkSequence
        var file: LocalFile?
        var done: Int64 = 0

        mutating func next() async throws -> ByteBuffer? {
            guard done < sequence.length else { return nil }
            if file == nil { file = try LocalFile(path: sequence.path) }
            let count = Int(Swift.min(Int64(sequence.chunkSize), sequence.length - done))
            let chunk = try file!.read(offset: sequence.offset + done, length: count)
            done += Int64(count)
            return chunk
        }
    }

    func makeAsyncIterator() -> AsyncIterator { AsyncIterator(sequence: self) }
}
