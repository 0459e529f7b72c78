import Foundation
import PipelineTesting
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// A small tmpfs mounted on a private folder, so a test gets a real full (`ENOSPC`) or read-only (`EROFS`)
/// filesystem. Tests run as root, where permission bits do not stop writes; a mount does.
struct TmpfsMount {
    let path: String

    /// Whether this process may mount a tmpfs (root with CAP_SYS_ADMIN, not a locked-down container).
    static let isSupported: Bool = {
        guard getuid() == 0, let folder = try? TemporaryDirectory(prefix: "tmpfs-probe") else { return false }
        defer { folder.remove() }
        guard let probe = try? TmpfsMount(at: folder.path, size: "64k") else { return false }
        probe.unmount()
        return true
    }()

    /// Why a test is disabled when ``isSupported`` is false.
    static let unsupportedReason: Comment =
        "mounting a tmpfs needs root with CAP_SYS_ADMIN (mount -t tmpfs); run the reliability command as root"

    /// Mounts a tmpfs of `size` (a mount size such as `256k` or `2m`) on the existing folder `path`.
    init(at path: String, size: String) throws {
        self.path = path
        let result = try ProcessRunner.run(
            "/bin/mount", ["-t", "tmpfs", "-o", "size=\(size),mode=0755", "tmpfs", path], timeout: 30)
        guard result.status == 0 else { throw MountError(message: "mount tmpfs failed: \(result.standardError)") }
    }

    /// Makes the filesystem read-only (or writable again); retries while a writer still holds a file open.
    func remount(readOnly: Bool) throws {
        for _ in 0..<200 {
            let result = try ProcessRunner.run(
                "/bin/mount", ["-o", readOnly ? "remount,ro" : "remount,rw", path], timeout: 30)
            if result.status == 0 { return }
            Thread.sleep(forTimeInterval: 0.01)
        }
        throw MountError(message: "remount \(readOnly ? "ro" : "rw") of \(path) kept failing")
    }

    /// Bytes still free on the filesystem.
    var freeBytes: Int {
        var info = statvfs()
        guard statvfs(path, &info) == 0 else { return 0 }
        return Int(info.f_bavail) * Int(info.f_frsize)
    }

    func unmount() {
        _ = try? ProcessRunner.run("/bin/umount", ["-l", path], timeout: 30)
    }

    struct MountError: Error, CustomStringConvertible {
        let message: String
        var description: String { message }
    }
}
