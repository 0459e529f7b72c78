import NIOCore
import NIOHTTP1
import PipelineTesting

/// A one-rule HTTP server on 127.0.0.1 (the ECS credentials endpoint in tests).
enum FakeHTTPServer {
    static func withServer<Result: Sendable>(
        respond: @escaping @Sendable (HTTPRequestHead) -> (Int, String), _ body: (String) async throws -> Result
    ) async throws -> Result {
        try await LoopbackServer.run(
            configure: { try $0.pipeline.syncOperations.configureHTTPServerPipeline() },
            serve: { (connection: NIOAsyncChannel<HTTPServerRequestPart, HTTPServerResponsePart>) in
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
        ) { port in
            try await body("http://127.0.0.1:\(port)")
        }
    }
}
