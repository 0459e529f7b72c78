import Foundation
import ObjectStore
import PipelineContracts
import PipelineRuntime
import PipelineTesting

#if canImport(Glibc)
    import Glibc
#endif

/// A filesystem lake on its own tmpfs, so a stage can be given a lake that is full or read-only.
struct TmpfsLake {
    let folder: TemporaryDirectory
    let mount: TmpfsMount
    let store: FileSystemObjectStore

    /// Mounts a tmpfs of `bytes` (rounded up to whole pages by the kernel).
    init(bytes: Int) throws {
        folder = try TemporaryDirectory(prefix: "tmpfs-lake")
        do {
            mount = try TmpfsMount(at: folder.path, size: "\(bytes)")
        } catch {
            folder.remove()
            throw error
        }
        store = try FileSystemObjectStore(root: folder.path)
    }

    var path: String { folder.path }
    var url: String { "file://" + folder.path }

    /// Bytes the filesystem has in use.
    var usedBytes: Int {
        var info = statvfs()
        guard statvfs(folder.path, &info) == 0 else { return 0 }
        return Int(info.f_blocks - info.f_bfree) * Int(info.f_frsize)
    }

    /// Gives the filesystem more room (a full lake being fixed by its operator).
    func grow(toBytes bytes: Int) throws {
        let result = try ProcessRunner.run("/bin/mount", ["-o", "remount,size=\(bytes)", folder.path], timeout: 30)
        guard result.status == 0 else {
            throw TmpfsMount.MountError(message: "growing the tmpfs failed: \(result.standardError)")
        }
    }

    /// Every regular file on the filesystem, hidden temporaries included.
    var filesOnDisk: [String] {
        let names = FileManager.default.enumerator(atPath: folder.path)?.allObjects as? [String] ?? []
        return names.filter { name in
            var isDirectory: ObjCBool = false
            return FileManager.default.fileExists(atPath: folder.path + "/" + name, isDirectory: &isDirectory)
                && !isDirectory.boolValue
        }.sorted()
    }

    /// The latest readable manifest of `node` on `date`.
    func latest(_ node: PipelineGraph.Node, _ date: BusinessDate) async throws -> RunManifest? {
        if case .manifest(let manifest) = try await ManifestStore(lake: store).latest(
            stage: node.stage, scope: node.scope, date: date)
        {
            return manifest
        }
        return nil
    }

    var invariants: LakeInvariants { LakeInvariants(lake: store, rootOnDisk: folder.path) }

    func remove() {
        mount.unmount()
        folder.remove()
    }
}
