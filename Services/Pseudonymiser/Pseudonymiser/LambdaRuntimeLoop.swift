import AsyncHTTPClient
import Foundation
import Logging
import NIOCore

/// Runs the UDF as an AWS Lambda custom runtime (when `AWS_LAMBDA_RUNTIME_API` is set).
///
/// Loop: `GET /2018-06-01/runtime/invocation/next` (long poll) → answer the batch with
/// ``UDFBatchHandler`` → `POST …/invocation/<request id>/response` with the response object as a
/// JSON-encoded string (the reference's `json.dumps` form). An unexpected failure posts
/// `…/invocation/<id>/error`; a start-up failure posts `/2018-06-01/runtime/init/error`. Messages sent to
/// the runtime API never contain input values.
package struct LambdaRuntimeLoop: Sendable {
    /// A failure talking to the runtime API.
    package struct RuntimeError: Error, CustomStringConvertible {
        package var description: String
    }

    private let runtimeAPI: String
    private let handler: UDFBatchHandler
    private let maxRequestBytes: Int
    private let logger: Logger

    package init(runtimeAPI: String, handler: UDFBatchHandler, maxRequestBytes: Int, logger: Logger) {
        self.runtimeAPI = runtimeAPI
        self.handler = handler
        self.maxRequestBytes = maxRequestBytes
        self.logger = logger
    }

    /// Answers invocations until the task is cancelled or `maxInvocations` have been answered.
    package func run(maxInvocations: Int? = nil) async throws {
        try await Self.withClient { client in
            var answered = 0
            while maxInvocations.map({ answered < $0 }) ?? true {
                try Task.checkCancellation()
                try await invokeOnce(client)
                answered += 1
            }
        }
    }

    /// Reports a start-up failure (e.g. the key could not be loaded) to the runtime API.
    package static func reportInitError(runtimeAPI: String, message: String) async throws {
        try await withClient { client in
            var request = HTTPClientRequest(url: "http://\(runtimeAPI)/2018-06-01/runtime/init/error")
            request.method = .POST
            request.headers.add(name: "Lambda-Runtime-Function-Error-Type", value: "Runtime.InitError")
            request.body = .bytes(ByteBuffer(bytes: errorBody(message, type: "Runtime.InitError")))
            _ = try await client.execute(request, timeout: .seconds(10))
        }
    }

    private func invokeOnce(_ client: HTTPClient) async throws {
        let next = try await client.execute(
            HTTPClientRequest(url: "http://\(runtimeAPI)/2018-06-01/runtime/invocation/next"), timeout: .hours(12))
        guard next.status == .ok, let requestID = next.headers.first(name: "Lambda-Runtime-Aws-Request-Id"),
            requestID.utf8.allSatisfy({ $0 > 0x20 && $0 != UInt8(ascii: "/") && $0 < 0x7F })
        else {
            throw RuntimeError(description: "runtime API /invocation/next answered \(next.status.code) without a usable request id")
        }
        let invocation = "http://\(runtimeAPI)/2018-06-01/runtime/invocation/\(requestID)"
        var request: HTTPClientRequest
        do {
            let event = try await next.body.collect(upTo: maxRequestBytes)
            request = HTTPClientRequest(url: invocation + "/response")
            request.body = .bytes(ByteBuffer(bytes: UDFBatchHandler.lambdaPayload(handler.respond(to: Array(event.readableBytesView)))))
        } catch {
            // The only failure here is an event too large to read: a batch failure, not a crash.
            request = HTTPClientRequest(url: invocation + "/response")
            let failure = UDFBatchHandler.failureBody("request body exceeds \(maxRequestBytes) bytes")
            request.body = .bytes(ByteBuffer(bytes: UDFBatchHandler.lambdaPayload(failure)))
        }
        request.method = .POST
        let posted = try await client.execute(request, timeout: .seconds(30))
        _ = try? await posted.body.collect(upTo: 64 * 1024)
        guard (200..<300).contains(posted.status.code) else {
            throw RuntimeError(description: "runtime API refused the invocation response (\(posted.status.code))")
        }
        logger.debug("invocation answered", metadata: ["event": "invocation_answered"])
    }

    private static func errorBody(_ message: String, type: String) -> [UInt8] {
        let object: [String: Any] = ["errorMessage": message, "errorType": type]
        return (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])).map(Array.init) ?? []
    }

    /// Runs `body` with an HTTP client that is always shut down afterwards.
    private static func withClient(_ body: (HTTPClient) async throws -> Void) async throws {
        var configuration = HTTPClient.Configuration()
        configuration.timeout = HTTPClient.Configuration.Timeout(connect: .seconds(5), read: nil)
        let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
        do {
            try await body(client)
        } catch {
            try? await client.shutdown()
            throw error
        }
        try await client.shutdown()
    }
}
