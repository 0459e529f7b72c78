import Foundation

/// A remote file copied to local disk, with the facts recorded in the manifest.
package struct FetchedFile: Sendable, Hashable {
    /// The file name in the drop.
    package var name: String
    /// The full remote path.
    package var remotePath: String
    /// Where the bytes are on local disk (scratch; removed after the run).
    package var localPath: String
    /// Bytes received.
    package var size: Int64
    /// Lower-case hex SHA-256 of exactly the bytes received.
    package var sha256: String
    /// The remote modification time.
    package var mtime: Date
}

/// The result of trying to fetch a date's file.
enum FetchOutcome: Sendable {
    /// The file is absent or still being written; the reason is recorded in a `skipped` manifest.
    case notReady(String)
    case fetched(FetchedFile)
}
