import PipelineRuntime

/// Settings of `s3-copy-ingest`.
///
/// ## Configuration keys
/// - `TRUST_BUCKET_URL` (required): `s3://bucket/prefix` of the Trust's exports (or a `file://` folder laid
///   out the same way, for tests and air-gapped replays).
/// - `S3_COPY_MODE`: `auto` (default: server-side CopyObject when source and lake are both S3 on the same
///   endpoint, else streamed get + put), `server-side`, or `stream`.
/// - `S3_COPY_TRUST_BUCKET_OWNER`: expected owner account of the Trust bucket (`x-amz-source-expected-bucket-owner`).
package struct S3CopyIngestConfiguration: Sendable {
    package enum CopyMode: String, Sendable { case auto, serverSide = "server-side", stream }

    package var trustBucketURL: String
    package var copyMode: CopyMode
    package var trustBucketOwner: String?

    package init(settings: Settings) throws {
        trustBucketURL = try settings.required("TRUST_BUCKET_URL")
        guard let mode = CopyMode(rawValue: settings.string("S3_COPY_MODE", default: "auto")) else {
            throw StageError.configuration("S3_COPY_MODE must be auto, server-side or stream")
        }
        copyMode = mode
        trustBucketOwner = settings.string("S3_COPY_TRUST_BUCKET_OWNER")
    }
}
