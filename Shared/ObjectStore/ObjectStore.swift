import Foundation

/// An object store holding the lake (or an export location): the local filesystem or S3.
///
/// Keys are `/`-separated and relative to the store's root prefix. Every write is atomic: a reader sees
/// either the whole object or no object, never a partial one. Implementations: ``FileSystemObjectStore``
/// and ``S3ObjectStore``. One behaviour test suite runs against both.
package protocol ObjectStore: Sendable {
    /// Where this store points, for logs and errors (e.g. `file:///srv/lake`, `s3://bucket/prefix`).
    var locationDescription: String { get }

    /// Stores `body` under `key` atomically and returns what was stored, including its SHA-256.
    ///
    /// - Throws: ``ObjectStoreError`` with code `alreadyExists` when `options.createOnly` is set and the
    ///   key exists (S3 `If-None-Match: *`).
    func put(key: String, body: ObjectBody, options: PutOptions) async throws -> StoredObject

    /// Reads a whole object (or a byte range of it) into memory.
    ///
    /// - Throws: ``ObjectStoreError`` with code `notFound` when the key does not exist.
    func get(key: String, range: Range<Int>?) async throws -> [UInt8]

    /// Streams an object to `body` in chunks (bounded memory), returning what was read.
    func read(key: String, chunk body: @Sendable ([UInt8]) async throws -> Void) async throws -> StoredObject

    /// Metadata of an object, or nil when it does not exist.
    func head(key: String) async throws -> StoredObject?

    /// One page of keys under `prefix`; with a delimiter, keys sharing the next `delimiter`-terminated
    /// segment are rolled up into `commonPrefixes`.
    func list(prefix: String, delimiter: String?, continuationToken: String?, maxKeys: Int) async throws -> ObjectListPage

    /// Copies an object inside this store (server-side where the store supports it).
    func copy(from sourceKey: String, to key: String, options: PutOptions) async throws -> StoredObject
}

/// What to store.
package enum ObjectBody: Sendable {
    case bytes([UInt8])
    /// A local file, streamed (never read into memory at once).
    case file(path: String)
}

/// Options for a write.
package struct PutOptions: Sendable, Hashable {
    /// Fail with `alreadyExists` instead of overwriting (used for manifests).
    package var createOnly: Bool
    package var contentType: String?

    package init(createOnly: Bool = false, contentType: String? = nil) {
        self.createOnly = createOnly
        self.contentType = contentType
    }
}

/// An object's metadata.
package struct StoredObject: Sendable, Hashable {
    package var key: String
    package var size: Int
    /// S3 ETag (quoted as S3 returns it) or a filesystem stand-in; nil when unknown.
    package var etag: String?
    package var lastModified: Date?
    /// Lower-case hex SHA-256 of the bytes, when computed by the operation (put, read, copy).
    package var sha256: String?
    /// S3 version id on versioned buckets.
    package var versionID: String?

    package init(key: String, size: Int, etag: String? = nil, lastModified: Date? = nil, sha256: String? = nil, versionID: String? = nil) {
        self.key = key
        self.size = size
        self.etag = etag
        self.lastModified = lastModified
        self.sha256 = sha256
        self.versionID = versionID
    }
}

/// One page of a listing.
package struct ObjectListPage: Sendable, Hashable {
    package var objects: [StoredObject]
    package var commonPrefixes: [String]
    /// Pass to the next `list` call; nil on the last page.
    package var nextContinuationToken: String?

    package init(objects: [StoredObject], commonPrefixes: [String], nextContinuationToken: String?) {
        self.objects = objects
        self.commonPrefixes = commonPrefixes
        self.nextContinuationToken = nextContinuationToken
    }
}

extension ObjectStore {
    package func put(key: String, bytes: [UInt8], options: PutOptions = PutOptions()) async throws -> StoredObject {
        try await put(key: key, body: .bytes(bytes), options: options)
    }

    package func put(key: String, data: Data, options: PutOptions = PutOptions()) async throws -> StoredObject {
        try await put(key: key, body: .bytes(Array(data)), options: options)
    }

    package func get(key: String) async throws -> [UInt8] {
        try await get(key: key, range: nil)
    }

    /// Every object under `prefix` (all pages), in key order.
    package func listAll(prefix: String) async throws -> [StoredObject] {
        var objects: [StoredObject] = []
        var token: String?
        repeat {
            let page = try await list(prefix: prefix, delimiter: nil, continuationToken: token, maxKeys: 1000)
            objects += page.objects
            token = page.nextContinuationToken
        } while token != nil
        return objects
    }

    /// Every common prefix one level below `prefix` (all pages), in order.
    package func listPrefixes(prefix: String, delimiter: String = "/") async throws -> [String] {
        var prefixes: [String] = []
        var token: String?
        repeat {
            let page = try await list(prefix: prefix, delimiter: delimiter, continuationToken: token, maxKeys: 1000)
            prefixes += page.commonPrefixes
            token = page.nextContinuationToken
        } while token != nil
        return prefixes
    }

    /// Streams an object into a local file (created or truncated), returning its metadata and SHA-256.
    package func download(key: String, to localPath: String) async throws -> StoredObject {
        guard FileManager.default.createFile(atPath: localPath, contents: nil) else {
            throw ObjectStoreError(.io, "cannot create local file", key: key)
        }
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: localPath))
        defer { try? handle.close() }
        let sink = LockedFileHandle(handle)
        return try await read(key: key) { chunk in try sink.write(chunk) }
    }
}

/// A file handle shared with a `@Sendable` chunk callback; chunks arrive one at a time.
private final class LockedFileHandle: @unchecked Sendable {
    // Invariant: `read(key:chunk:)` calls the callback sequentially, and the lock serialises writes anyway.
    private let handle: FileHandle
    private let lock = NSLock()

    init(_ handle: FileHandle) { self.handle = handle }

    func write(_ bytes: [UInt8]) throws {
        try lock.withLock { try handle.write(contentsOf: bytes) }
    }
}
