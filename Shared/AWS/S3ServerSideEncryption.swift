/// Server-side encryption requested on a write.
package enum S3ServerSideEncryption: Sendable, Hashable {
    /// SSE-S3 (`AES256`).
    case aes256
    /// SSE-KMS with a key id, ARN or alias (nil: the bucket's default KMS key).
    case kms(keyID: String?)

    /// `x-amz-server-side-encryption` (and the KMS key id) headers.
    var headers: [(String, String)] {
        switch self {
        case .aes256: return [("x-amz-server-side-encryption", "AES256")]
        case .kms(let keyID):
            return [("x-amz-server-side-encryption", "aws:kms")]
                + (keyID.map { [("x-amz-server-side-encryption-aws-kms-key-id", $0)] } ?? [])
        }
    }
}
