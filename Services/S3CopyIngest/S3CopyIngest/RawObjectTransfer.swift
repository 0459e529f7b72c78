import AWS
import Crypto
import Foundation
import Logging
import ObjectStore
import PipelineContracts
import PipelineRuntime

/// Brings one Trust export object into Bronze `…/raw/<file>` unchanged, and a local copy for conversion.
///
/// When the Trust bucket and the lake are both S3 the object is copied server-side (CopyObject; nothing
/// passes through this task); otherwise it is streamed get → put. Either way the lake copy is then read
/// back once, streamed, to compute its SHA-256 and size — which must equal the source's — and to leave a
/// local file for the typed conversion.
struct RawObjectTransfer: Sendable {
    let trust: any ObjectStore
    let configuration: S3CopyIngestConfiguration

    /// What a transfer produced.
    struct Result: Sendable {
        var output: ManifestOutput
        var localPath: String
        var input: ManifestInput
        var serverSide: Bool
    }

    func transfer(_ source: StoredObject, to key: LakeKey, context: RunContext) async throws -> Result {
        let fileName = source.key.split(separator: "/").last.map(String.init) ?? "object"
        let localPath = context.temporaryPath("-" + fileName)
        var serverSide = false
        if configuration.copyMode != .stream, let trustS3 = trust as? S3ObjectStore, let lakeS3 = context.lake as? S3ObjectStore {
            _ = try await lakeS3.client.copyObject(
                sourceBucket: trustS3.bucket, sourceKey: try trustS3.fullKey(source.key), bucket: lakeS3.bucket,
                key: try lakeS3.fullKey(key.description),
                options: S3PutOptions(
                    ifNoneMatch: true, serverSideEncryption: lakeS3.kmsKeyID.map { .kms(keyID: $0) },
                    expectedBucketOwner: lakeS3.expectedBucketOwner),
                sourceExpectedBucketOwner: configuration.trustBucketOwner)
            serverSide = true
            _ = try await context.lake.download(key: key.description, to: localPath)
        } else if configuration.copyMode == .serverSide {
            throw StageError.configuration("S3_COPY_MODE=server-side needs both TRUST_BUCKET_URL and LAKE_URL on S3")
        } else {
            _ = try await TrustBucketCall.run(trust, "reading \(source.key)") { try await trust.download(key: source.key, to: localPath) }
            _ = try await context.lake.put(key: key.description, body: .file(path: localPath), options: PutOptions(createOnly: true))
        }
        let landed = try RawObjectTransfer.fingerprint(localPath)
        guard landed.size == source.size else {
            throw StageError(
                "size_mismatch", "lake copy of \(source.key) has \(landed.size) bytes, the Trust object \(source.size)")
        }
        let output = ManifestOutput(key: key.description, dataset: "raw", rows: 0, bytes: landed.size, sha256: landed.sha256)
        context.reuseOutput(output)
        var input = ManifestInput(kind: "s3_object")
        input.bucket = trust.locationDescription
        input.key = source.key
        input.size = source.size
        input.etag = source.etag
        input.versionID = source.versionID
        input.sha256 = landed.sha256
        context.recordInput(input)
        return Result(output: output, localPath: localPath, input: input, serverSide: serverSide)
    }

    /// Size and SHA-256 of a local file, streamed.
    static func fingerprint(_ path: String) throws -> (size: Int, sha256: String) {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw StageError("io_error", "cannot read the local copy of an export object")
        }
        defer { try? handle.close() }
        var hasher = SHA256()
        var size = 0
        while let chunk = try handle.read(upToCount: 1 << 20), !chunk.isEmpty {
            hasher.update(data: chunk)
            size += chunk.count
        }
        return (size, hasher.finalize().hexString)
    }
}
