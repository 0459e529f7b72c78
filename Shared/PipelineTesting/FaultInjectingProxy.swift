import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix

/// An HTTP proxy on 127.0.0.1 in front of the S3 server that can answer a request itself (an error status),
/// drop the connection, or forward it unchanged (keeping the `Host` header, so signatures stay valid).
/// Every response carries `Connection: close`.
package final class FaultInjectingProxy: Sendable {
    package enum Action: Sendable {
        case forward
        case respond(status: Int, body: String)
        case dropConnection
    }

    package struct Seen: Sendable {
        package var method: String
        package var uri: String
    }

    package let upstream: String
    package let rule: @Sendable (_ method: String, _ uri: String, _ index: Int) -> Action
    private let record = RequestRecord()

    private init(upstream: String, rule: @escaping @Sendable (String, String, Int) -> Action) {
        self.upstream = upstream
        self.rule = rule
    }

    /// Requests seen so far, in arrival order.
    package var requests: [Seen] { record.all }

    /// Runs `body` with a proxy listening on a free port (passed as `http://127.0.0.1:PORT`).
    package static func withProxy<Result: Sendable>(
        upstream: String, rule: @escaping @Sendable (_ method: String, _ uri: String, _ index: Int) -> Action,
        _ body: (String, FaultInjectingProxy) async throws -> Result
    ) async throws -> Result {
        let proxy = FaultInjectingProxy(upstream: upstream, rule: rule)
        return try await LoopbackServer.run(
            configure: { try $0.pipeline.syncOperations.configureHTTPServerPipeline() },
            serve: { (connection: NIOAsyncChannel<HTTPServerRequestPart, HTTPServerResponsePart>) in await proxy.serve(connection) }
        ) { port in
            try await body("http://127.0.0.1:\(port)", proxy)
        }
    }

    private func serve(_ connection: NIOAsyncChannel<HTTPServerRequestPart, HTTPServerResponsePart>) async {
        try? await connection.executeThenClose { inbound, outbound in
            var head: HTTPRequestHead?
            var body = ByteBuffer()
            for try await part in inbound {
                switch part {
                case .head(let requestHead):
                    head = requestHead
                    body.clear()
                case .body(var chunk):
                    body.writeBuffer(&chunk)
                case .end:
                    guard let head else { return }
                    let index = record.append(Seen(method: head.method.rawValue, uri: head.uri))
                    switch rule(head.method.rawValue, head.uri, index) {
                    case .dropConnection:
                        return
                    case .respond(let status, let text):
                        var headers = HTTPHeaders([("Content-Type", "application/xml"), ("Connection", "close")])
                        headers.add(name: "Content-Length", value: String(text.utf8.count))
                        try await outbound.write(.head(HTTPResponseHead(version: .http1_1, status: .init(statusCode: status), headers: headers)))
                        try await outbound.write(.body(.byteBuffer(ByteBuffer(string: text))))
                        try await outbound.write(.end(nil))
                        return
                    case .forward:
                        var request = HTTPClientRequest(url: upstream + head.uri)
                        request.method = head.method
                        request.headers = head.headers
                        request.headers.remove(name: "Connection")
                        if body.readableBytes > 0 { request.body = .bytes(body) }
                        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(60))
                        let responseBody = try await response.body.collect(upTo: 256 << 20)
                        var headers = response.headers
                        headers.remove(name: "Transfer-Encoding")
                        headers.replaceOrAdd(name: "Connection", value: "close")
                        if head.method != .HEAD {
                            headers.replaceOrAdd(name: "Content-Length", value: String(responseBody.readableBytes))
                        }
                        try await outbound.write(.head(HTTPResponseHead(version: .http1_1, status: response.status, headers: headers)))
                        if head.method != .HEAD { try await outbound.write(.body(.byteBuffer(responseBody))) }
                        try await outbound.write(.end(nil))
                        return
                    }
                }
            }
        }
    }
}

/// The proxy's request log.
private final class RequestRecord: @unchecked Sendable {
    // Invariant: every access to `seen` holds `lock`.
    private let lock = NSLock()
    private var seen: [FaultInjectingProxy.Seen] = []

    func append(_ request: FaultInjectingProxy.Seen) -> Int {
        lock.withLock {
            seen.append(request)
            return seen.count - 1
        }
    }

    var all: [FaultInjectingProxy.Seen] { lock.withLock { seen } }
}
