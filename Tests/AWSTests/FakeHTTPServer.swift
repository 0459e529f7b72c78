import NIOCore
import NIOHTTP1
import NIOPosix

/// A one-rule HTTP server on 127.0.0.1 (the ECS credentials endpoint in tests).
enum FakeHTTPServer {
    static func withServer<Result: Sendable>(
        respond: @escaping @Sendable (HTTPRequestHead) -> (Int, String), _ body: (String) async throws -> Result
    ) async throws -> Result {
        let server = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .bind(host: "127.0.0.1", port: 0) { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline()
                    return try NIOAsyncChannel<HTTPServerRequestPart, HTTPServerResponsePart>(
                        wrappingChannelSynchronously: channel)
                }
            }
        let port = server.channel.localAddress?.port ?? 0
        return try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                try await withThrowingDiscardingTaskGroup { connections in
                    try await server.executeThenClose { inbound in
                        for try await connection in inbound {
                            connections.addTask {
                                try? await connection.executeThenClose { requests, responses in
                                    for try await part in requests {
                                        guard case .head(let head) = part else { continue }
                                        let (status, text) = respond(head)
                                        let headers = HTTPHeaders([
                                            ("Content-Type", "application/json"), ("Connection", "close"),
                                            ("Content-Length", String(text.utf8.count)),
                                        ])
                                        try await responses.write(.head(HTTPResponseHead(version: .http1_1, status: .init(statusCode: status), headers: headers)))
                                        try await responses.write(.body(.byteBuffer(ByteBuffer(string: text))))
                                        try await responses.write(.end(nil))
                                        return
                                    }
                                }
                            }
                        }
                    }
                }
            }
            let outcome: Swift.Result<Result, any Error>
            do {
                outcome = .success(try await body("http://127.0.0.1:\(port)"))
            } catch {
                outcome = .failure(error)
            }
            server.channel.close(promise: nil)
            group.cancelAll()
            return try outcome.get()
        }
    }
}
