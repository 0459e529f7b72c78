import Crypto
import Foundation
import ObjectStore
import Testing

/// One behaviour suite, run against every store.
@Suite struct ObjectStoreBehaviourTests {
    static let stores = StoreUnderTest.allCases

    @Test(arguments: stores)
    func putThenGetReturnsTheBytesAndTheirHash(_ kind: StoreUnderTest) async throws {
        let store = try await kind.make()
        let bytes = Array("hello lake".utf8)
        let stored = try await store.put(key: "bronze/a/part-00000.parquet", bytes: bytes)
        #expect(stored.size == bytes.count)
        #expect(stored.sha256 == SHA256.hash(data: bytes).map { String(format: "%02x", $0) }.joined())
        #expect(try await store.get(key: "bronze/a/part-00000.parquet") == bytes)
    }

    @Test(arguments: stores)
    func getsByteRanges(_ kind: StoreUnderTest) async throws {
        let store = try await kind.make()
        _ = try await store.put(key: "r.bin", bytes: Array(0..<100))
        #expect(try await store.get(key: "r.bin", range: 10..<20) == Array(10..<20))
        #expect(try await store.get(key: "r.bin", range: 95..<200) == Array(95..<100))
        #expect(try await store.get(key: "r.bin", range: 150..<200) == [])
    }

    @Test(arguments: stores)
    func readsInChunksAndHashes(_ kind: StoreUnderTest) async throws {
        let store = try await kind.make()
        let bytes = (0..<(3 << 20)).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        let put = try await store.put(key: "big/stream.bin", bytes: bytes)
        let collected = ChunkSink()
        let read = try await store.read(key: "big/stream.bin") { collected.append($0) }
        #expect(collected.bytes == bytes)
        #expect(read.size == bytes.count)
        #expect(read.sha256 == put.sha256)
    }

    @Test(arguments: stores)
    func headReportsSizeOrNil(_ kind: StoreUnderTest) async throws {
        let store = try await kind.make()
        _ = try await store.put(key: "h/x.json", bytes: [1, 2, 3])
        #expect(try await store.head(key: "h/x.json")?.size == 3)
        #expect(try await store.head(key: "h/missing.json") == nil)
    }

    @Test(arguments: stores)
    func listsWithDelimiterAndPagination(_ kind: StoreUnderTest) async throws {
        let store = try await kind.make()
        let keys = ["_manifests/stage=a/r1.json", "_manifests/stage=a/r2.json", "_manifests/stage=b/r1.json",
                    "silver/t/as_of=2024-01-01/run_id=1/part-00000.parquet", "silver/t/as_of=2024-01-02/run_id=2/part-00000.parquet",
                    "top.txt"]
        for key in keys { _ = try await store.put(key: key, bytes: [0]) }
        #expect(try await store.listPrefixes(prefix: "_manifests/") == ["_manifests/stage=a/", "_manifests/stage=b/"])
        #expect(try await store.listPrefixes(prefix: "silver/t/") == ["silver/t/as_of=2024-01-01/", "silver/t/as_of=2024-01-02/"])
        let top = try await store.list(prefix: "", delimiter: "/", continuationToken: nil, maxKeys: 1000)
        #expect(top.commonPrefixes == ["_manifests/", "silver/"])
        #expect(top.objects.map(\.key) == ["top.txt"])
        var paged: [String] = []
        var token: String?
        var pages = 0
        repeat {
            let page = try await store.list(prefix: "", delimiter: nil, continuationToken: token, maxKeys: 2)
            paged += page.objects.map(\.key)
            token = page.nextContinuationToken
            pages += 1
        } while token != nil
        #expect(paged == keys.sorted())
        #expect(pages == 3)
    }

    @Test(arguments: stores)
    func copiesObjects(_ kind: StoreUnderTest) async throws {
        let store = try await kind.make()
        let put = try await store.put(key: "src/a.parquet", bytes: Array("PAR1data".utf8))
        let copy = try await store.copy(from: "src/a.parquet", to: "dst/b.parquet", options: PutOptions())
        #expect(copy.size == 8)
        #expect(copy.sha256 == put.sha256)
        #expect(try await store.get(key: "dst/b.parquet") == Array("PAR1data".utf8))
        await #expect { _ = try await store.copy(from: "src/missing", to: "dst/c", options: PutOptions()) } throws: {
            ($0 as? ObjectStoreError)?.code == .notFound
        }
    }

    @Test(arguments: stores)
    func createOnlyRefusesAnExistingKey(_ kind: StoreUnderTest) async throws {
        let store = try await kind.make()
        let once = PutOptions(createOnly: true, contentType: "application/json")
        _ = try await store.put(key: "_manifests/run.json", bytes: Array("first".utf8), options: once)
        await #expect {
            _ = try await store.put(key: "_manifests/run.json", bytes: Array("second".utf8), options: once)
        } throws: { ($0 as? ObjectStoreError)?.code == .alreadyExists }
        await #expect {
            _ = try await store.copy(from: "_manifests/run.json", to: "_manifests/run.json", options: once)
        } throws: { ($0 as? ObjectStoreError)?.code == .alreadyExists }
        #expect(try await store.get(key: "_manifests/run.json") == Array("first".utf8))
    }

    @Test(arguments: stores)
    func writesLeaveNoTemporaryObjectsVisible(_ kind: StoreUnderTest) async throws {
        let store = try await kind.make()
        let file = try Self.temporaryFile(bytes: [UInt8](repeating: 9, count: 1 << 20))
        defer { try? FileManager.default.removeItem(atPath: file) }
        _ = try await store.put(key: "gold/a/part-00000.parquet", body: .file(path: file), options: PutOptions())
        _ = try await store.put(key: "gold/a/part-00001.parquet", bytes: [1])
        _ = try? await store.put(key: "gold/a/part-00001.parquet", bytes: [2], options: PutOptions(createOnly: true))
        #expect(try await store.listAll(prefix: "").map(\.key) == ["gold/a/part-00000.parquet", "gold/a/part-00001.parquet"])
    }

    @Test(arguments: stores)
    func rejectsInvalidKeys(_ kind: StoreUnderTest) async throws {
        let store = try await kind.make()
        for key in ["", "../escape", "a/../../b", "/absolute", "a//b", "a/./b", "nul\0byte"] {
            await #expect { _ = try await store.put(key: key, bytes: [1]) } throws: {
                ($0 as? ObjectStoreError)?.code == .invalidKey
            }
            await #expect { _ = try await store.get(key: key) } throws: { ($0 as? ObjectStoreError)?.code == .invalidKey }
        }
    }

    @Test(arguments: stores)
    func reportsMissingObjectsAsNotFound(_ kind: StoreUnderTest) async throws {
        let store = try await kind.make()
        await #expect { _ = try await store.get(key: "nope/x") } throws: { ($0 as? ObjectStoreError)?.code == .notFound }
        await #expect { _ = try await store.read(key: "nope/x") { _ in } } throws: {
            ($0 as? ObjectStoreError)?.code == .notFound
        }
        #expect(try await store.head(key: "nope/x") == nil)
    }

    @Test(arguments: stores)
    func uploadsLargeFilesInPartsAndReadsThemBack(_ kind: StoreUnderTest) async throws {
        let store = try await kind.make()
        let bytes = (0..<(12 << 20 + 12345)).map { UInt8(truncatingIfNeeded: $0 &* 7 &+ $0 >> 11) }
        let file = try Self.temporaryFile(bytes: bytes)
        defer { try? FileManager.default.removeItem(atPath: file) }
        let put = try await store.put(key: "big/large.parquet", body: .file(path: file), options: PutOptions())
        #expect(put.size == bytes.count)
        #expect(put.sha256 == SHA256.hash(data: bytes).map { String(format: "%02x", $0) }.joined())
        let downloaded = file + ".down"
        defer { try? FileManager.default.removeItem(atPath: downloaded) }
        let read = try await store.download(key: "big/large.parquet", to: downloaded)
        #expect(read.sha256 == put.sha256)
        #expect(try await store.head(key: "big/large.parquet")?.size == bytes.count)
        #expect(try await store.get(key: "big/large.parquet", range: (6 << 20)..<(6 << 20) + 10) == Array(bytes[(6 << 20)..<(6 << 20) + 10]))
    }

    static func temporaryFile(bytes: [UInt8]) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("upload-\(UUID().uuidString)").path
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        return path
    }
}

/// Collects chunks from a `read` callback.
final class ChunkSink: @unchecked Sendable {
    // Invariant: `storage` is only accessed under `lock`.
    private let lock = NSLock()
    private var storage: [UInt8] = []
    func append(_ chunk: [UInt8]) { lock.withLock { storage += chunk } }
    var bytes: [UInt8] { lock.withLock { storage } }
}
