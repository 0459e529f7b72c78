import Foundation

extension SFTPClient {
    /// Uploads the local file to `remotePath` the way a real drop does: the bytes go to a hidden temporary name
    /// in the same directory (`.<name>.<random>.part`), which is renamed to `remotePath` only once complete, so
    /// a reader never sees a partial file under the final name.
    ///
    /// - Parameter replaceExisting: remove an existing `remotePath` before the rename (SFTP v3 cannot replace).
    /// - Returns: the number of bytes uploaded.
    /// - Throws: ``SSHError``; on failure the temporary file is removed.
    @discardableResult
    package func upload(
        localPath: String, remotePath: String, replaceExisting: Bool = false, permissions: Int = 0o640
    ) async throws -> Int64 {
        guard let handle = FileHandle(forReadingAtPath: localPath) else {
            throw SSHError(.localIO, "cannot open local file \(localPath) for reading")
        }
        let source = LocalFileSource(handle: handle)
        defer { try? handle.close() }
        return try await upload(remotePath: remotePath, replaceExisting: replaceExisting, permissions: permissions) {
            try source.next()
        }
    }

    /// Uploads in-memory bytes to `remotePath` through a temporary name and a rename (see
    /// ``upload(localPath:remotePath:replaceExisting:permissions:)``).
    @discardableResult
    package func upload(
        bytes: [UInt8], remotePath: String, replaceExisting: Bool = false, permissions: Int = 0o640
    ) async throws -> Int64 {
        let source = MemorySource(bytes: bytes)
        return try await upload(remotePath: remotePath, replaceExisting: replaceExisting, permissions: permissions) {
            source.next()
        }
    }

    private func upload(
        remotePath: String, replaceExisting: Bool, permissions: Int,
        source: @escaping @Sendable () throws -> [UInt8]
    ) async throws -> Int64 {
        let (directory, name) = SFTPClient.split(remotePath)
        let temporary = "\(directory)/.\(name).\(UUID().uuidString.prefix(8).lowercased()).part"
        do {
            let written = try await perform {
                try $0.writeNewFile(path: temporary, permissions: mode_t(permissions), source: source)
            }
            if replaceExisting, try await statIfExists(path: remotePath) != nil {
                try await remove(path: remotePath)
            }
            try await rename(from: temporary, to: remotePath)
            return written
        } catch {
            _ = try? await perform { try $0.remove(path: temporary) }
            throw error
        }
    }

    static func split(_ path: String) -> (directory: String, name: String) {
        guard let slash = path.lastIndex(of: "/") else { return (".", path) }
        let directory = String(path[..<slash])
        return (directory.isEmpty ? "/" : directory, String(path[path.index(after: slash)...]))
    }
}

/// Reads a local file in 256 KiB pieces. `@unchecked Sendable`: used by one upload at a time, on the client's
/// thread only.
private final class LocalFileSource: @unchecked Sendable {
    let handle: FileHandle
    init(handle: FileHandle) { self.handle = handle }
    func next() throws -> [UInt8] {
        do {
            return Array(try handle.read(upToCount: 256 * 1024) ?? Data())
        } catch {
            throw SSHError(.localIO, "cannot read local file: \(error)")
        }
    }
}

/// Yields an in-memory buffer once. `@unchecked Sendable`: same invariant as ``LocalFileSource``.
private final class MemorySource: @unchecked Sendable {
    private var bytes: [UInt8]?
    init(bytes: [UInt8]) { self.bytes = bytes }
    func next() -> [UInt8] {
        defer { bytes = nil }
        return bytes ?? []
    }
}
