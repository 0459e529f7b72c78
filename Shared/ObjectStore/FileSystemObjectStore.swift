import Crypto
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// The lake on a local filesystem (`LAKE_URL=file:///path`), the default for development and tests.
///
/// Writes go to a hidden temporary file in the target folder, are fsynced, then renamed into place (or
/// hard-linked for create-only writes, which fails if the key exists), and the folder is fsynced: a crash
/// leaves either the whole object or nothing visible. Keys can never escape the root.
package struct FileSystemObjectStore: ObjectStore {
    /// Absolute path of the root folder.
    package let root: String

    package init(root: String) throws {
        let absolute = URL(fileURLWithPath: root).standardizedFileURL.path
        do {
            try FileManager.default.createDirectory(atPath: absolute, withIntermediateDirectories: true)
        } catch {
            throw ObjectStoreError(.invalidConfiguration, "cannot create lake root '\(absolute)'", underlying: error)
        }
        self.root = absolute
    }

    package var locationDescription: String { "file://\(root)" }

    package func put(key: String, body: ObjectBody, options: PutOptions) async throws -> StoredObject {
        let path = try self.path(for: key)
        let folder = (path as NSString).deletingLastPathComponent
        try FileSystemObjectStore.makeFolder(folder, key: key)
        let temporary = folder + "/" + FileSystemObjectStore.temporaryPrefix + UUID().uuidString
        var hasher = SHA256()
        var size = 0
        do {
            let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
            guard fd >= 0 else { throw FileSystemObjectStore.error(errno, "cannot create temporary file", key: key) }
            defer { close(fd) }
            switch body {
            case .bytes(let bytes):
                hasher.update(data: bytes)
                try FileSystemObjectStore.writeAll(fd, bytes, key: key)
                size = bytes.count
            case .file(let source):
                try FileSystemObjectStore.forEachChunk(ofFile: source, key: key) { chunk in
                    hasher.update(data: chunk)
                    try FileSystemObjectStore.writeAll(fd, chunk, key: key)
                    size += chunk.count
                }
            }
            guard fsync(fd) == 0 else { throw FileSystemObjectStore.error(errno, "fsync failed", key: key) }
            if options.createOnly {
                guard link(temporary, path) == 0 else {
                    throw FileSystemObjectStore.error(errno, "cannot publish object", key: key)
                }
                unlink(temporary)
            } else {
                guard rename(temporary, path) == 0 else {
                    throw FileSystemObjectStore.error(errno, "cannot publish object", key: key)
                }
            }
        } catch {
            unlink(temporary)
            throw error
        }
        FileSystemObjectStore.syncFolder(folder)
        let digest = hasher.finalize().hexString
        return StoredObject(key: key, size: size, etag: "\"\(digest)\"", lastModified: Date(), sha256: digest)
    }

    package func get(key: String, range: Range<Int>?) async throws -> [UInt8] {
        let path = try self.path(for: key)
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw FileSystemObjectStore.error(errno, "cannot open object", key: key) }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw FileSystemObjectStore.error(errno, "cannot stat object", key: key) }
        let size = Int(info.st_size)
        let wanted = range.map { $0.clamped(to: 0..<size) } ?? 0..<size
        var bytes = [UInt8](repeating: 0, count: wanted.count)
        var done = 0
        while done < wanted.count {
            let n = bytes.withUnsafeMutableBytes { buffer in
                pread(fd, buffer.baseAddress! + done, wanted.count - done, off_t(wanted.lowerBound + done))
            }
            guard n > 0 else {
                if n < 0, errno == EINTR { continue }
                throw FileSystemObjectStore.error(n < 0 ? errno : EIO, "short read", key: key)
            }
            done += n
        }
        return bytes
    }

    package func read(key: String, chunk body: @Sendable ([UInt8]) async throws -> Void) async throws -> StoredObject {
        let path = try self.path(for: key)
        var hasher = SHA256()
        var size = 0
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw FileSystemObjectStore.error(errno, "cannot open object", key: key) }
        defer { close(fd) }
        var buffer = [UInt8](repeating: 0, count: FileSystemObjectStore.chunkSize)
        while true {
            let n = buffer.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress!, $0.count) }
            if n < 0, errno == EINTR { continue }
            guard n >= 0 else { throw FileSystemObjectStore.error(errno, "read failed", key: key) }
            if n == 0 { break }
            let chunk = Array(buffer[0..<n])
            hasher.update(data: chunk)
            size += n
            try await body(chunk)
        }
        let digest = hasher.finalize().hexString
        return StoredObject(key: key, size: size, etag: "\"\(digest)\"", sha256: digest)
    }

    package func head(key: String) async throws -> StoredObject? {
        let path = try self.path(for: key)
        var info = stat()
        guard stat(path, &info) == 0 else {
            if errno == ENOENT || errno == ENOTDIR { return nil }
            throw FileSystemObjectStore.error(errno, "cannot stat object", key: key)
        }
        guard (info.st_mode & S_IFMT) == S_IFREG else { return nil }
        return StoredObject(
            key: key, size: Int(info.st_size),
            lastModified: Date(timeIntervalSince1970: Double(info.st_mtim.tv_sec) + Double(info.st_mtim.tv_nsec) / 1e9))
    }

    package func list(prefix: String, delimiter: String?, continuationToken: String?, maxKeys: Int) async throws -> ObjectListPage {
        // Start the walk at the deepest folder fully named by the prefix.
        let folderPart = prefix.contains("/") ? String(prefix[..<prefix.lastIndex(of: "/")!]) : ""
        if !folderPart.isEmpty { _ = try path(for: folderPart) }
        let start = folderPart.isEmpty ? root : root + "/" + folderPart
        var keys: [String] = []
        collectKeys(in: start, relative: folderPart, prefix: prefix, into: &keys)
        keys.sort()
        var objects: [StoredObject] = []
        var prefixes: [String] = []
        var seenPrefixes = Set<String>()
        var last: String?
        var truncated = false
        for key in keys where continuationToken.map({ key > $0 }) ?? true {
            if objects.count + prefixes.count >= max(1, maxKeys) {
                truncated = true
                break
            }
            if let delimiter, let range = key.dropFirst(prefix.count).range(of: delimiter) {
                let common = String(key[..<range.upperBound])
                if seenPrefixes.insert(common).inserted { prefixes.append(common) }
                // Skip the rest of this rolled-up prefix.
                last = common + "\u{10FFFF}"
                continue
            }
            if let object = try await head(key: key) { objects.append(object) }
            last = key
        }
        return ObjectListPage(objects: objects, commonPrefixes: prefixes, nextContinuationToken: truncated ? last : nil)
    }

    package func copy(from sourceKey: String, to key: String, options: PutOptions) async throws -> StoredObject {
        let source = try path(for: sourceKey)
        guard try await head(key: sourceKey) != nil else {
            throw ObjectStoreError(.notFound, "copy source does not exist", key: sourceKey)
        }
        return try await put(key: key, body: .file(path: source), options: options)
    }

    // MARK: - Paths

    /// The absolute path of `key`, refusing keys that are empty, absolute, or contain `.`/`..`/empty components.
    package func path(for key: String) throws -> String {
        let components = key.split(separator: "/", omittingEmptySubsequences: false)
        guard !key.isEmpty, key.utf8.count <= 1024, !key.contains("\0"),
            components.allSatisfy({ !$0.isEmpty && $0 != "." && $0 != ".." }),
            !components.contains(where: { $0.hasPrefix(FileSystemObjectStore.temporaryPrefix) })
        else { throw ObjectStoreError(.invalidKey, "invalid object key", key: String(key.prefix(200))) }
        return root + "/" + key
    }

    private func collectKeys(in folder: String, relative: String, prefix: String, into keys: inout [String]) {
        guard let entries = try? FileManager.default.contentsOfDirectory(atPath: folder) else { return }
        for name in entries where !name.hasPrefix(FileSystemObjectStore.temporaryPrefix) {
            let key = relative.isEmpty ? name : relative + "/" + name
            let full = folder + "/" + name
            var info = stat()
            guard lstat(full, &info) == 0 else { continue }
            if (info.st_mode & S_IFMT) == S_IFDIR {
                // Descend only where the folder can still contain keys with the prefix.
                if (key + "/").hasPrefix(prefix) || prefix.hasPrefix(key + "/") {
                    collectKeys(in: full, relative: key, prefix: prefix, into: &keys)
                }
            } else if (info.st_mode & S_IFMT) == S_IFREG, key.hasPrefix(prefix) {
                keys.append(key)
            }
        }
    }

    // MARK: - Low-level I/O

    static let temporaryPrefix = ".tmp-"
    static let chunkSize = 1 << 20

    private static func makeFolder(_ folder: String, key: String) throws {
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        } catch {
            let code = (error as NSError).code
            let mapped: Int32 = code == NSFileWriteOutOfSpaceError ? ENOSPC : code == NSFileWriteVolumeReadOnlyError ? EROFS : EACCES
            throw FileSystemObjectStore.error(mapped, "cannot create folder", key: key)
        }
    }

    private static func writeAll(_ fd: Int32, _ bytes: [UInt8], key: String) throws {
        var written = 0
        while written < bytes.count {
            let n = bytes.withUnsafeBytes { write(fd, $0.baseAddress! + written, bytes.count - written) }
            if n < 0, errno == EINTR { continue }
            guard n > 0 else { throw FileSystemObjectStore.error(errno, "write failed", key: key) }
            written += n
        }
    }

    private static func forEachChunk(ofFile path: String, key: String, _ body: ([UInt8]) throws -> Void) throws {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw FileSystemObjectStore.error(errno, "cannot open source file '\(path)'", key: key) }
        defer { close(fd) }
        var buffer = [UInt8](repeating: 0, count: chunkSize)
        while true {
            let n = buffer.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress!, $0.count) }
            if n < 0, errno == EINTR { continue }
            guard n >= 0 else { throw FileSystemObjectStore.error(errno, "read of source file failed", key: key) }
            if n == 0 { return }
            try body(Array(buffer[0..<n]))
        }
    }

    private static func syncFolder(_ folder: String) {
        let fd = open(folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { return }
        fsync(fd)
        close(fd)
    }

    static func error(_ number: Int32, _ message: String, key: String) -> ObjectStoreError {
        let reason = String(cString: strerror(number))
        switch number {
        case ENOENT, ENOTDIR: return ObjectStoreError(.notFound, "\(message): \(reason)", key: key)
        case EEXIST: return ObjectStoreError(.alreadyExists, "\(message): object exists", key: key)
        case ENOSPC, EDQUOT: return ObjectStoreError(.noSpace, "\(message): \(reason)", key: key)
        case EROFS: return ObjectStoreError(.readOnly, "\(message): \(reason)", key: key)
        case EACCES, EPERM: return ObjectStoreError(.accessDenied, "\(message): \(reason)", key: key)
        default: return ObjectStoreError(.io, "\(message): \(reason)", key: key)
        }
    }
}

extension Sequence where Element == UInt8 {
    /// Lower-case hex.
    package var hexString: String {
        var text = ""
        for byte in self {
            text.append(String(format: "%02x", byte))
        }
        return text
    }
}

extension Digest {
    /// Lower-case hex of the digest.
    package var hexString: String { Array(self).hexString }
}
