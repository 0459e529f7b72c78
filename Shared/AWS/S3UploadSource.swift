/// What to upload.
package enum S3UploadSource: Sendable {
    case bytes([UInt8])
    /// A local file, streamed (parts of at most `partSize` bytes are held in memory at a time).
    case file(path: String)
}
