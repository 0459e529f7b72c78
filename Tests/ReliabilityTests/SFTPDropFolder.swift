import Foundation
import PipelineTesting

/// A private folder in the local stack's SFTP drop (the chroot sshd serves it), written to directly on disk
/// so a test can place files the Trust's SFTP client could never create (control characters, symlinks …).
struct SFTPDropFolder {
    /// The stack's SFTP variables with `SFTP_REMOTE_DIR` pointing at this folder.
    let environment: [String: String]
    /// The folder as the SFTP server shows it.
    let remotePath: String
    /// The same folder on local disk.
    let localPath: String

    init() throws {
        var stack = try LocalStackEnvironment.require(
            "SFTP_HOST", "SFTP_PORT", "SFTP_USER", "SFTP_PRIVATE_KEY_FILE", "SFTP_KNOWN_HOSTS_FILE", "SFTP_REMOTE_DIR",
            "LOCAL_SFTP_DROP_DIR")
        let unique = "reliability-\(UUID().uuidString.prefix(8).lowercased())"
        remotePath = stack["SFTP_REMOTE_DIR"]! + "/" + unique
        localPath = stack["LOCAL_SFTP_DROP_DIR"]! + "/" + unique
        try FileManager.default.createDirectory(atPath: localPath, withIntermediateDirectories: true)
        _ = try ProcessRunner.run("chown", [stack["SFTP_USER"]!, localPath])
        stack["SFTP_REMOTE_DIR"] = remotePath
        stack["SFTP_STABILITY_SECONDS"] = "0"
        environment = stack
    }

    /// Writes a file into the drop (any name a POSIX filesystem accepts).
    func write(_ name: String, _ bytes: [UInt8]) throws {
        guard FileManager.default.createFile(atPath: localPath + "/" + name, contents: Data(bytes)) else {
            throw DropError(message: "cannot create a drop file (\(name.utf8.count)-byte name)")
        }
    }

    /// Creates a symbolic link in the drop.
    func link(_ name: String, to destination: String) throws {
        try FileManager.default.createSymbolicLink(atPath: localPath + "/" + name, withDestinationPath: destination)
    }

    func remove() {
        _ = try? ProcessRunner.run("/bin/rm", ["-rf", "--", localPath])
    }

    struct DropError: Error, CustomStringConvertible {
        let message: String
        var description: String { message }
    }
}
