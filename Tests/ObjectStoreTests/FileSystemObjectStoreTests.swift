import Foundation
import ObjectStore
import Testing

#if canImport(Glibc)
    import Glibc
#endif

@Suite struct FileSystemObjectStoreTests {
    @Test func refusesKeysEscapingTheRoot() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("fs-\(UUID().uuidString)").path
        let store = try FileSystemObjectStore(root: root)
        for key in ["../outside", "a/../../outside", "a/..", "..", "/etc/passwd"] {
            #expect { _ = try store.path(for: key) } throws: { ($0 as? ObjectStoreError)?.code == .invalidKey }
        }
        #expect(try store.path(for: "a/b") == store.root + "/a/b")
    }

    @Test func reportsReadOnlyFolder() async throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("ro-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: root) }
        let mounted: Bool
        if getuid() == 0 {
            // root ignores permission bits: use a read-only tmpfs instead.
            mounted = try Self.run("/bin/mount", ["-t", "tmpfs", "-o", "ro,size=1m", "tmpfs", root]) == 0
            #expect(mounted, "mounting a read-only tmpfs failed")
        } else {
            mounted = false
            try FileManager.default.setAttributes([.posixPermissions: 0o555], ofItemAtPath: root)
        }
        defer { if mounted { _ = try? Self.run("/bin/umount", [root]) } }
        let store = try FileSystemObjectStore(root: root)
        await #expect { _ = try await store.put(key: "x.json", bytes: [1]) } throws: {
            let code = ($0 as? ObjectStoreError)?.code
            return code == .readOnly || (getuid() != 0 && code == .accessDenied)
        }
    }

    static func run(_ tool: String, _ arguments: [String]) throws -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: tool)
        process.arguments = arguments
        try process.run()
        process.waitUntilExit()
        return process.terminationStatus
    }
}
