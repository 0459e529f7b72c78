/// A failure of an AWS request: an error the service returned (parsed from its XML or JSON body) or a
/// client-side failure (no credentials, transport, timeout, unreadable response).
///
/// `description` names the operation, the code, the service's message, the HTTP status and the request id.
/// It never contains credentials, signatures, presigned URLs or request bodies.
package struct AWSError: Error, CustomStringConvertible, Sendable {
    /// The error code: the service's own code (`NoSuchKey`, `SignatureDoesNotMatch`, …) or a client-side one.
    package struct Code: Hashable, Sendable, CustomStringConvertible {
        package let name: String
        package init(_ name: String) { self.name = name }
        package var description: String { name }

        // Service codes this module reacts to.
        package static let noSuchKey = Code("NoSuchKey")
        package static let noSuchBucket = Code("NoSuchBucket")
        package static let noSuchUpload = Code("NoSuchUpload")
        /// A 404 without a body (HEAD requests).
        package static let notFound = Code("NotFound")
        package static let preconditionFailed = Code("PreconditionFailed")
        package static let accessDenied = Code("AccessDenied")
        package static let signatureDoesNotMatch = Code("SignatureDoesNotMatch")
        package static let invalidAccessKeyID = Code("InvalidAccessKeyId")
        package static let slowDown = Code("SlowDown")
        package static let requestTimeout = Code("RequestTimeout")
        package static let invalidRange = Code("InvalidRange")
        package static let bucketAlreadyOwnedByYou = Code("BucketAlreadyOwnedByYou")
        package static let resourceNotFound = Code("ResourceNotFoundException")

        // Client-side codes.
        /// No credential source in the chain is configured.
        package static let noCredentials = Code("client.no_credentials")
        /// A credential source is configured but failed.
        package static let credentialsUnavailable = Code("client.credentials_unavailable")
        package static let invalidConfiguration = Code("client.invalid_configuration")
        /// Connection refused/reset/closed, or another transport failure.
        package static let transport = Code("client.transport")
        /// The request did not complete within its timeout.
        package static let timeout = Code("client.timeout")
        /// The response could not be understood.
        package static let invalidResponse = Code("client.invalid_response")
        /// Reading a local file to upload failed.
        package static let localIO = Code("client.local_io")
        /// An HTTP error whose body named no code.
        package static let httpError = Code("client.http_error")
    }

    package var code: Code
    /// The service's message (or a client-side explanation).
    package var message: String
    /// The HTTP status, when a response arrived.
    package var httpStatus: Int?
    /// `x-amz-request-id` / `RequestId`, for AWS support.
    package var requestID: String?
    /// The operation, e.g. `PutObject`.
    package var operation: String?
    package var underlying: (any Error)?
    package var file: String
    package var line: Int

    package init(
        _ code: Code, _ message: String, httpStatus: Int? = nil, requestID: String? = nil, operation: String? = nil,
        underlying: (any Error)? = nil, file: String = #fileID, line: Int = #line
    ) {
        self.code = code
        self.message = message
        self.httpStatus = httpStatus
        self.requestID = requestID
        self.operation = operation
        self.underlying = underlying
        self.file = file
        self.line = line
    }

    package var description: String {
        var text = operation.map { "\($0) failed: " } ?? ""
        text += code.name
        if !message.isEmpty { text += ": \(message)" }
        if let httpStatus { text += " (HTTP \(httpStatus))" }
        if let requestID { text += " [request id \(requestID)]" }
        if let underlying { text += " (\(underlying))" }
        return text
    }

    /// Whether retrying the same request may succeed (5xx, 429, throttling, timeouts, transport failures).
    package var isRetryable: Bool {
        switch code {
        case .transport, .timeout, .slowDown, .requestTimeout: return true
        case .noCredentials, .credentialsUnavailable, .invalidConfiguration, .localIO, .invalidResponse:
            return false
        default:
            if let httpStatus, httpStatus >= 500 || httpStatus == 429 { return true }
            return ["Throttling", "ThrottlingException", "TooManyRequestsException", "RequestThrottled",
                    "InternalError", "ServiceUnavailable", "RequestTimeoutException", "IDPCommunicationError"]
                .contains(code.name)
        }
    }
}

extension AWSError: Equatable {
    /// Errors compare by code only.
    package static func == (lhs: AWSError, rhs: AWSError) -> Bool { lhs.code == rhs.code }
}
