import Crypto
import Foundation

/// AWS Signature Version 4: signs requests with an `Authorization` header, or as presigned URLs.
///
/// The signer is pure: the date is injected (`date: Date = Date()`), so tests are deterministic. For S3 the
/// path is signed as sent (encoded once, not normalized) and `x-amz-content-sha256` is always added; for
/// other services the path is normalized and encoded twice, as the SigV4 specification requires.
package struct SigV4Signer: Sendable {
    /// `x-amz-content-sha256` value for a payload that is not signed (presigned URLs).
    package static let unsignedPayload = "UNSIGNED-PAYLOAD"
    /// SHA-256 of the empty string.
    package static let emptyPayloadHash = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"

    package var credentials: AWSCredentials
    package var service: String
    package var region: String

    package init(credentials: AWSCredentials, service: String, region: String) {
        self.credentials = credentials
        self.service = service
        self.region = region
    }

    private var isS3: Bool { service == "s3" }

    /// Signs a request and returns the headers to add: `X-Amz-Date`, `Authorization`, and when they apply
    /// `x-amz-content-sha256` (S3) and `X-Amz-Security-Token`.
    ///
    /// - Parameters:
    ///   - method: `GET`, `PUT`, …
    ///   - host: the `Host` header value (`host` or `host:port` for a non-default port).
    ///   - encodedPath: the path exactly as sent, already URI-encoded (``AWSURIEncoding/encodePath(_:)``).
    ///   - query: decoded query parameters; encoded and sorted here.
    ///   - headers: further headers to sign (names in any case).
    ///   - payloadHash: lower-case hex SHA-256 of the body, or ``unsignedPayload``.
    ///   - date: the signing time.
    package func signHeaders(
        method: String, host: String, encodedPath: String, query: [(String, String)] = [],
        headers: [(String, String)] = [], payloadHash: String, date: Date = Date()
    ) -> [(String, String)] {
        let amzDate = Self.amzDate(date)
        var added: [(String, String)] = [("X-Amz-Date", amzDate)]
        if isS3 { added.append(("x-amz-content-sha256", payloadHash)) }
        if let token = credentials.sessionToken { added.append(("X-Amz-Security-Token", token)) }
        let allHeaders = [("host", host)] + headers + added
        let (canonicalHeaders, signedHeaders) = Self.canonicalHeaders(allHeaders)
        let canonicalRequest = [
            method, canonicalURI(encodedPath), Self.canonicalQuery(query), canonicalHeaders, signedHeaders, payloadHash,
        ].joined(separator: "\n")
        let signature = self.signature(canonicalRequest: canonicalRequest, amzDate: amzDate)
        let authorization =
            "AWS4-HMAC-SHA256 Credential=\(credentials.accessKeyID)/\(scope(amzDate)), "
            + "SignedHeaders=\(signedHeaders), Signature=\(signature)"
        return added + [("Authorization", authorization)]
    }

    /// A presigned URL (`X-Amz-*` query parameters), valid for `expires` seconds from `date`.
    ///
    /// - Parameters:
    ///   - scheme: `https` or `http`.
    ///   - host: the `Host` value (`host` or `host:port`).
    ///   - encodedPath: the path as sent, already URI-encoded.
    ///   - query: further decoded query parameters.
    ///   - headers: headers the user of the URL must send (signed; `host` is always signed).
    ///   - expires: validity in seconds (1…604800).
    ///   - payloadHash: ``unsignedPayload`` for S3.
    package func presignedURL(
        method: String, scheme: String = "https", host: String, encodedPath: String, query: [(String, String)] = [],
        headers: [(String, String)] = [], expires: Int, payloadHash: String = SigV4Signer.unsignedPayload,
        date: Date = Date()
    ) -> String {
        let amzDate = Self.amzDate(date)
        let (canonicalHeaders, signedHeaders) = Self.canonicalHeaders([("host", host)] + headers)
        var parameters = query
        parameters.append(("X-Amz-Algorithm", "AWS4-HMAC-SHA256"))
        parameters.append(("X-Amz-Credential", "\(credentials.accessKeyID)/\(scope(amzDate))"))
        parameters.append(("X-Amz-Date", amzDate))
        parameters.append(("X-Amz-Expires", String(expires)))
        if let token = credentials.sessionToken { parameters.append(("X-Amz-Security-Token", token)) }
        parameters.append(("X-Amz-SignedHeaders", signedHeaders))
        let canonicalQuery = Self.canonicalQuery(parameters)
        let canonicalRequest = [
            method, canonicalURI(encodedPath), canonicalQuery, canonicalHeaders, signedHeaders, payloadHash,
        ].joined(separator: "\n")
        let signature = self.signature(canonicalRequest: canonicalRequest, amzDate: amzDate)
        return "\(scheme)://\(host)\(encodedPath)?\(canonicalQuery)&X-Amz-Signature=\(signature)"
    }

    // MARK: - Canonical form

    /// `yyyyMMdd'T'HHmmss'Z'` in UTC.
    package static func amzDate(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        func pad(_ value: Int?, _ width: Int) -> String {
            let text = String(value ?? 0)
            return String(repeating: "0", count: max(0, width - text.count)) + text
        }
        let day: String = pad(c.year, 4) + pad(c.month, 2) + pad(c.day, 2)
        let time: String = pad(c.hour, 2) + pad(c.minute, 2) + pad(c.second, 2)
        return day + "T" + time + "Z"
    }

    private func scope(_ amzDate: String) -> String {
        "\(amzDate.prefix(8))/\(region)/\(service)/aws4_request"
    }

    /// S3: the path as sent. Other services: normalized (`.`/`..`/repeated `/` removed), then encoded again.
    func canonicalURI(_ encodedPath: String) -> String {
        let path = encodedPath.isEmpty ? "/" : encodedPath
        if isS3 { return path }
        var segments: [Substring] = []
        for segment in path.split(separator: "/", omittingEmptySubsequences: true) {
            if segment == "." { continue }
            if segment == ".." {
                _ = segments.popLast()
                continue
            }
            segments.append(segment)
        }
        var normalized = "/" + segments.joined(separator: "/")
        if path.hasSuffix("/"), normalized != "/" { normalized += "/" }
        return AWSURIEncoding.encodePath(normalized)
    }

    /// Parameters encoded, then sorted by name and value (byte order), joined with `&`.
    package static func canonicalQuery(_ query: [(String, String)]) -> String {
        var pairs: [(name: String, value: String)] = []
        for (name, value) in query {
            pairs.append((AWSURIEncoding.encode(name), AWSURIEncoding.encode(value)))
        }
        // Encoded text is ASCII, so String order is byte order here.
        pairs.sort { lhs, rhs in lhs.name == rhs.name ? lhs.value < rhs.value : lhs.name < rhs.name }
        return pairs.map { pair in pair.name + "=" + pair.value }.joined(separator: "&")
    }

    /// Lower-cased names, trimmed values with inner runs of spaces collapsed, duplicates joined with `,`,
    /// sorted by name. Returns the canonical header block (each line ends in `\n`) and the signed-header list.
    static func canonicalHeaders(_ headers: [(String, String)]) -> (String, String) {
        var merged: [String: [String]] = [:]
        for (name, value) in headers {
            let lower = name.lowercased()
            let trimmed = value.trimmingCharacters(in: .whitespacesAndNewlines)
                .split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" }).joined(separator: " ")
            merged[lower, default: []].append(trimmed)
        }
        let names = merged.keys.sorted()
        let block = names.map { "\($0):\(merged[$0]!.joined(separator: ","))\n" }.joined()
        return (block, names.joined(separator: ";"))
    }

    private func signature(canonicalRequest: String, amzDate: String) -> String {
        let stringToSign = [
            "AWS4-HMAC-SHA256", amzDate, scope(amzDate), SHA256.hash(data: Data(canonicalRequest.utf8)).hexEncoded,
        ].joined(separator: "\n")
        var key = SymmetricKey(data: Data("AWS4\(credentials.secretAccessKey)".utf8))
        for part in [String(amzDate.prefix(8)), region, service, "aws4_request"] {
            key = SymmetricKey(data: Data(HMAC<SHA256>.authenticationCode(for: Data(part.utf8), using: key)))
        }
        return Data(HMAC<SHA256>.authenticationCode(for: Data(stringToSign.utf8), using: key)).hexEncoded
    }
}
