import Logging
import NIOCore
import NIOHTTP1
import NIOPosix

/// The UDF endpoint over HTTP (`pseudonymiser serve`): `POST` a Redshift Lambda-UDF batch, get its answer.
///
/// * `POST <any path>` with a JSON batch → `200` and the ``UDFBatchHandler`` response (including
///   `success: false` answers for malformed batches).
/// * A body larger than the limit → `413` with `success: false`; the connection is then closed.
/// * `GET /health` → `200 {"status":"ok"}` (container health checks); other methods → `405`.
///
/// Request bodies are never logged. The server stops accepting connections when its task is cancelled.
package struct UDFHTTPServer: Sendable {
    private let handler: UDFBatchHandler
    private let host: String
    private let port: Int
    private let maxRequestBytes: Int
    private let logger: Logger

    package init(handler: UDFBatchHandler, host: String, port: Int, maxRequestBytes: Int, logger: Logger) {
        self.handler = handler
        self.host = host
        self.port = port
        self.maxRequestBytes = maxRequestBytes
        self.logger = logger
    }

    /// Binds, reports the bound port through `onBound`, and serves until the task is cancelled.
    package func run(onBound: @Sendable (Int) async -> Void = { _ in }) async throws {
        let server = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.backlog, value: 256)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(.maxMessagesPerRead, value: 16)
            .bind(host: host, port: port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline(withErrorHandling: true)
                    return try NIOAsyncChannel<HTTPServerRequestPart, HTTPServerResponsePart>(wrappingChannelSynchronously: channel)
                }
            }
        let boundPort = server.channel.localAddress?.port ?? port
        logger.info("UDF endpoint listening", metadata: ["event": "server_started", "bind": "\(host)", "port": "\(boundPort)"])
        await onBound(boundPort)
        do {
            try await withTaskCancellationHandler {
                try await server.executeThenClose { connections in
                    try await withThrowingDiscardingTaskGroup { group in
                        for try await connection in connections {
                            group.addTask { await serve(connection) }
                        }
                    }
                }
            } onCancel: {
                server.channel.close(promise: nil)
            }
        } catch where Task.isCancelled {
            // Cancellation is the shutdown request: closing the listener ends the loop with an error.
        }
        logger.info("UDF endpoint stopped", metadata: ["event": "server_stopped"])
    }

    private func serve(_ connection: NIOAsyncChannel<HTTPServerRequestPart, HTTPServerResponsePart>) async {
        do {
            try await connection.executeThenClose { inbound, outbound in
                var head: HTTPRequestHead?
                var body = ByteBuffer()
                var tooLarge = false
                for try await part in inbound {
                    switch part {
                    case .head(let requestHead):
                        head = requestHead
                        body.clear()
                        let declared = requestHead.headers.first(name: "content-length").flatMap(Int.init) ?? 0
                        tooLarge = declared > maxRequestBytes
                    case .body(var chunk):
                        if !tooLarge, body.readableBytes + chunk.readableBytes <= maxRequestBytes {
                            body.writeBuffer(&chunk)
                        } else {
                            tooLarge = true
                            body.clear()
                        }
                    case .end:
                        guard let requestHead = head else { return }
                        let (status, reply) = answer(requestHead, body: body, tooLarge: tooLarge)
                        let keepAlive = requestHead.isKeepAlive && !tooLarge
                        var headers = HTTPHeaders()
                        headers.add(name: "content-type", value: "application/json")
                        headers.add(name: "content-length", value: String(reply.count))
                        if !keepAlive { headers.add(name: "connection", value: "close") }
                        try await outbound.write(.head(HTTPResponseHead(version: requestHead.version, status: status, headers: headers)))
                        try await outbound.write(.body(.byteBuffer(ByteBuffer(bytes: reply))))
                        try await outbound.write(.end(nil))
                        if !keepAlive { return }
                        head = nil
                        body.clear()
                        tooLarge = false
                    }
                }
            }
        } catch {
            logger.debug("connection ended with an error", metadata: ["event": "connection_error", "error.type": "\(type(of: error))"])
        }
    }

    private func answer(_ head: HTTPRequestHead, body: ByteBuffer, tooLarge: Bool) -> (HTTPResponseStatus, [UInt8]) {
        switch head.method {
        case .POST:
            if tooLarge {
                return (.payloadTooLarge, UDFBatchHandler.failureBody("request body exceeds \(maxRequestBytes) bytes"))
            }
            let started = ContinuousClock.now
            let reply = handler.respond(to: Array(body.readableBytesView))
            logger.debug("batch answered", metadata: ["event": "batch_answered", "bytes": "\(body.readableBytes)", "duration": "\(ContinuousClock.now - started)"])
            return (.ok, reply)
        case .GET where head.uri == "/health":
            return (.ok, Array(#"{"status":"ok"}"#.utf8))
        default:
            return (.methodNotAllowed, UDFBatchHandler.failureBody("use POST with a JSON batch"))
        }
    }
}
