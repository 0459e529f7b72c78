import Foundation

/// One directory entry or `stat` result on the SFTP server.
package struct SFTPEntry: Sendable, Hashable {
    /// The name within its directory (for `stat`, the last path component).
    package var name: String
    /// Size in bytes (0 when the server did not report it).
    package var size: Int64
    /// Last modification time (second precision, as SFTP v3 reports it).
    package var mtime: Date
    /// `true` for a directory (`SSH_FILEXFER_TYPE_DIRECTORY`).
    package var isDirectory: Bool
    /// `true` for a regular file (`SSH_FILEXFER_TYPE_REGULAR`).
    package var isRegularFile: Bool

    /// Creates an entry.
    package init(name: String, size: Int64, mtime: Date, isDirectory: Bool, isRegularFile: Bool) {
        self.name = name
        self.size = size
        self.mtime = mtime
        self.isDirectory = isDirectory
        self.isRegularFile = isRegularFile
    }
}
