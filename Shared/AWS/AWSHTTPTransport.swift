import AsyncHTTPClient
import Crypto
import Foundation
import Logging
import NIOCore
import NIOHTTP1

/// Sends AWS requests: signs every attempt, applies the timeout, retries with backoff, and turns error
/// responses into ``AWSError``.
///
/// Uses an `HTTPClient` it does not own (by default `HTTPClient.shared`, which needs no shutdown). The
/// timeout bounds each attempt up to the response head; a stalled body is bounded by the client's read
/// timeout (90 s for the shared client).
package struct AWSHTTPTransport: Sendable {
    package var httpClient: HTTPClient
    package var retryPolicy: AWSRetryPolicy
    /// Per-attempt timeout.
    package var timeout: Duration

    package init(httpClient: HTTPClient = .shared, retryPolicy: AWSRetryPolicy = AWSRetryPolicy(), timeout: Duration = .seconds(60)) {
        self.httpClient = httpClient
        self.retryPolicy = retryPolicy
        self.timeout = timeout
    }

    /// Sends `request` (retrying per the policy) and reads the whole response body into memory.
    ///
    /// - Parameters:
    ///   - signing: how to sign, or nil for an unsigned request (STS web identity, ECS endpoint).
    ///   - operation: the operation name for errors and logs.
    ///   - accept: statuses returned as a response instead of thrown (default 2xx).
    ///   - embeddedErrors: treat a 2xx whose XML root is `<Error>` as an error (S3 CopyObject, Complete…).
    ///   - maxBodyBytes: a larger response body is an error.
    /// - Throws: ``AWSError``; `CancellationError` when the task is cancelled.
    package func execute(
        _ request: AWSRequest, signing: AWSSigningContext?, operation: String, logger: Logger,
        accept: @Sendable (Int) -> Bool = { (200..<300).contains($0) }, embeddedErrors: Bool = false,
        maxBodyBytes: Int = 64 << 20
    ) async throws -> AWSResponse {
        try await withRetries(operation: operation, logger: logger) {
            let response = try await send(request, signing: signing, operation: operation, logger: logger)
            let body: [UInt8]
            do {
                body = Array(buffer: try await response.body.collect(upTo: maxBodyBytes))
            } catch {
                throw Self.map(error, operation: operation)
            }
            let status = Int(response.status.code)
            guard accept(status) else {
                throw AWSError.parse(status: status, headers: response.headers, body: body, operation: operation)
            }
            if embeddedErrors, body.count < 65536, let root = try? AWSXMLElement.parse(body), root.name == "Error" {
                throw AWSError.parse(status: status, headers: response.headers, body: body, operation: operation)
            }
            return AWSResponse(status: status, headers: response.headers, body: body)
        }
    }

    /// Sends `request` and hands a successful (2xx) response to `consume` to stream its body.
    ///
    /// Failures before the body is handed over are retried; a failure while consuming is not (the consumer
    /// may have acted on part of the body) and surfaces as ``AWSError`` with code `transport`/`timeout`.
    package func stream<Result: Sendable>(
        _ request: AWSRequest, signing: AWSSigningContext?, operation: String, logger: Logger,
        consume: (HTTPClientResponse) async throws -> Result
    ) async throws -> Result {
        let response = try await withRetries(operation: operation, logger: logger) {
            let response = try await send(request, signing: signing, operation: operation, logger: logger)
            let status = Int(response.status.code)
            guard (200..<300).contains(status) else {
                let body = (try? await response.body.collect(upTo: 1 << 20)).map { Array(buffer: $0) } ?? []
                throw AWSError.parse(status: status, headers: response.headers, body: body, operation: operation)
            }
            return response
        }
        do {
            return try await consume(response)
        } catch let error as AWSError {
            throw error
        } catch let error as CancellationError {
            throw error
        } catch let error as HTTPClientError {
            throw Self.map(error, operation: operation)
        } catch {
            throw error
        }
    }

    /// Runs `attempt` up to `retryPolicy.maxAttempts` times while it fails with a retryable error.
    package func withRetries<Result: Sendable>(
        operation: String, logger: Logger, _ attempt: () async throws -> Result
    ) async throws -> Result {
        var number = 1
        while true {
            do {
                return try await attempt()
            } catch {
                let mapped = Self.map(error, operation: operation)
                guard let awsError = mapped as? AWSError, awsError.isRetryable, number < retryPolicy.maxAttempts,
                    !Task.isCancelled
                else { throw mapped }
                let delay = retryPolicy.delay(beforeRetry: number)
                logger.warning(
                    "AWS request failed; retrying",
                    metadata: [
                        "aws.operation": "\(operation)", "aws.attempt": "\(number)",
                        "aws.max_attempts": "\(retryPolicy.maxAttempts)",
                        "aws.retry_delay_ms": "\(delay.components.seconds * 1000 + delay.components.attoseconds / 1_000_000_000_000_000)",
                        "aws.error": "\(awsError)",
                    ])
                try await Task.sleep(for: delay)
                number += 1
            }
        }
    }

    /// One attempt: sign (with fresh credentials) and send; returns the response head and body stream.
    private func send(
        _ request: AWSRequest, signing: AWSSigningContext?, operation: String, logger: Logger
    ) async throws -> HTTPClientResponse {
        var headers = HTTPHeaders(request.headers)
        headers.replaceOrAdd(name: "Host", value: request.host)
        if let signing {
            let credentials = try await signing.credentials.credentials(logger: logger)
            let payloadHash: String
            switch request.body {
            case .empty: payloadHash = request.payloadHash ?? SigV4Signer.emptyPayloadHash
            case .bytes(let buffer):
                payloadHash =
                    request.payloadHash ?? buffer.withUnsafeReadableBytes { SHA256.hash(data: $0).hexEncoded }
            case .file: payloadHash = request.payloadHash ?? SigV4Signer.unsignedPayload
            }
            let signer = SigV4Signer(credentials: credentials, service: signing.service, region: signing.region)
            let added = signer.signHeaders(
                method: request.method.rawValue, host: request.host, encodedPath: request.encodedPath,
                query: request.query, headers: request.headers, payloadHash: payloadHash)
            for (name, value) in added { headers.replaceOrAdd(name: name, value: value) }
        }
        var outgoing = HTTPClientRequest(url: request.url)
        outgoing.method = request.method
        outgoing.headers = headers
        switch request.body {
        case .empty:
            if request.method == .PUT || request.method == .POST { outgoing.body = .bytes(ByteBuffer()) }
        case .bytes(let buffer): outgoing.body = .bytes(buffer)
        case .file(let path, let offset, let length):
            outgoing.body = .stream(FileChunkSequence(path: path, offset: offset, length: length), length: .known(length))
        }
        let nanos = timeout.components.seconds * 1_000_000_000 + timeout.components.attoseconds / 1_000_000_000
        do {
            return try await httpClient.execute(outgoing, timeout: .nanoseconds(nanos), logger: logger)
        } catch {
            throw Self.map(error, operation: operation)
        }
    }

    /// Client-side failures as ``AWSError`` (cancellation stays `CancellationError`).
    static func map(_ error: any Error, operation: String) -> any Error {
        switch error {
        case let error as AWSError: return error
        case is CancellationError: return error
        case let error as HTTPClientError:
            if error == .cancelled { return CancellationError() }
            if [.deadlineExceeded, .readTimeout, .connectTimeout, .writeTimeout].contains(error) {
                return AWSError(.timeout, "request timed out", operation: operation, underlying: error)
            }
            if [.invalidURL, .emptyHost, .emptyScheme, .alreadyShutdown].contains(error) {
                return AWSError(.invalidConfiguration, "cannot send request", operation: operation, underlying: error)
            }
            return AWSError(.transport, "connection failed", operation: operation, underlying: error)
        default:
            // NIO connection errors (refused, reset, closed) and other I/O failures.
            return AWSError(.transport, "connection failed", operation: operation, underlying: error)
        }
    }
}

extension AWSError {
    /// An error response: an S3/STS XML body (`<Error><Code>…`), a JSON body (`__type`, `message`), or only a
    /// status (HEAD). Only the code, message and request id are kept.
    package static func parse(status: Int, headers: HTTPHeaders, body: [UInt8], operation: String) -> AWSError {
        var code: String?
        var message: String?
        var requestID = headers.first(name: "x-amz-request-id") ?? headers.first(name: "x-amzn-RequestId")
        if let root = try? AWSXMLElement.parse(body) {
            let error = root.name == "Error" ? root : root.child("Error")
            code = error?.value("Code")
            message = error?.value("Message")
            requestID = root.value("RequestId") ?? error?.value("RequestId") ?? requestID
        } else if let object = try? JSONSerialization.jsonObject(with: Data(body)) as? [String: Any] {
            code = (object["__type"] as? String ?? object["code"] as? String).map {
                String($0.split(separator: "#").last ?? Substring($0))
            }
            message = object["message"] as? String ?? object["Message"] as? String
        }
        let resolved: Code
        if let code, !code.isEmpty {
            resolved = Code(code)
        } else {
            switch status {
            case 404: resolved = .notFound
            case 412: resolved = .preconditionFailed
            case 403: resolved = .accessDenied
            case 503: resolved = .slowDown
            default: resolved = .httpError
            }
        }
        return AWSError(
            resolved, message ?? "HTTP \(status)", httpStatus: status, requestID: requestID, operation: operation)
    }
}
