import NIOCore
import NIOHTTP1

/// One AWS HTTP request before signing: the path is already URI-encoded, the query is decoded.
package struct AWSRequest: Sendable {
    package var method: HTTPMethod
    /// `https` or `http`.
    package var scheme: String
    /// The `Host` header: `host`, or `host:port` for a non-default port.
    package var host: String
    /// The path exactly as sent (``AWSURIEncoding/encodePath(_:)`` applied to each part).
    package var encodedPath: String
    /// Decoded query parameters (a subresource such as `uploads` has an empty value).
    package var query: [(String, String)]
    /// Headers to send and sign.
    package var headers: [(String, String)]
    package var body: AWSRequestBody
    /// Hex SHA-256 of the body; nil to compute it from `.bytes`/`.empty`, required for `.file`
    /// (``SigV4Signer/unsignedPayload`` if not computed).
    package var payloadHash: String?

    package init(
        method: HTTPMethod, scheme: String, host: String, encodedPath: String, query: [(String, String)] = [],
        headers: [(String, String)] = [], body: AWSRequestBody = .empty, payloadHash: String? = nil
    ) {
        self.method = method
        self.scheme = scheme
        self.host = host
        self.encodedPath = encodedPath.isEmpty ? "/" : encodedPath
        self.query = query
        self.headers = headers
        self.body = body
        self.payloadHash = payloadHash
    }

    /// The URL sent (no credentials in it).
    package var url: String {
        let query = SigV4Signer.canonicalQuery(self.query)
        return "\(scheme)://\(host)\(encodedPath)" + (query.isEmpty ? "" : "?\(query)")
    }
}

/// A request body that can be produced again for every retry.
package enum AWSRequestBody: Sendable {
    case empty
    case bytes(ByteBuffer)
    /// `length` bytes of a local file from `offset`, streamed in chunks.
    case file(path: String, offset: Int64, length: Int64)

    var length: Int64 {
        switch self {
        case .empty: return 0
        case .bytes(let buffer): return Int64(buffer.readableBytes)
        case .file(_, _, let length): return length
        }
    }
}

/// A response whose body was read into memory.
package struct AWSResponse: Sendable {
    package var status: Int
    package var headers: HTTPHeaders
    package var body: [UInt8]

    package init(status: Int, headers: HTTPHeaders, body: [UInt8]) {
        self.status = status
        self.headers = headers
        self.body = body
    }
}
