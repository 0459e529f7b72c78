import NIOCore
import NIOHTTP1
import NIOPosix
import Synchronization

/// A tiny HTTP server for tests (the fake Lambda runtime API): every request is answered by `respond`.
struct TestHTTPServer: Sendable {
    struct Request: Sendable {
        var method: HTTPMethod
        var uri: String
        var headers: HTTPHeaders
        var body: [UInt8]
    }

    struct Response: Sendable {
        var status: HTTPResponseStatus = .ok
        var headers: [(String, String)] = []
        var body: [UInt8] = []
    }

    let respond: @Sendable (Request) async -> Response

    /// Serves on an ephemeral 127.0.0.1 port, calling `body` with the port; stops when `body` returns.
    func with<T: Sendable>(_ body: @Sendable (Int) async throws -> T) async throws -> T {
        let server = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .bind(host: "127.0.0.1", port: 0) { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline()
                    return try NIOAsyncChannel<HTTPServerRequestPart, HTTPServerResponsePart>(wrappingChannelSynchronously: channel)
                }
            }
        let port = server.channel.localAddress!.port!
        return try await withThrowingTaskGroup(of: T?.self) { group in
            group.addTask {
                try await server.executeThenClose { connections in
                    try await withThrowingDiscardingTaskGroup { connectionGroup in
                        for try await connection in connections {
                            connectionGroup.addTask { try? await serve(connection) }
                        }
                    }
                }
                return nil
            }
            let result = try await body(port)
            try await server.channel.close()
            group.cancelAll()
            return result
        }
    }

    private func serve(_ connection: NIOAsyncChannel<HTTPServerRequestPart, HTTPServerResponsePart>) async throws {
        try await connection.executeThenClose { inbound, outbound in
            var head: HTTPRequestHead?
            var body: [UInt8] = []
            for try await part in inbound {
                switch part {
                case .head(let value):
                    head = value
                    body = []
                case .body(let buffer):
                    body += Array(buffer.readableBytesView)
                case .end:
                    guard let head else { return }
                    let response = await respond(Request(method: head.method, uri: head.uri, headers: head.headers, body: body))
                    var headers = HTTPHeaders(response.headers)
                    headers.add(name: "content-length", value: String(response.body.count))
                    try await outbound.write(.head(HTTPResponseHead(version: head.version, status: response.status, headers: headers)))
                    try await outbound.write(.body(.byteBuffer(ByteBuffer(bytes: response.body))))
                    try await outbound.write(.end(nil))
                }
            }
        }
    }
}
