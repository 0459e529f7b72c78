import NIOCore
import NIOPosix

/// A TCP server on a free port of 127.0.0.1 for the lifetime of a closure: the one listener behind the test
/// doubles (fault-injecting proxies, fake endpoints).
package enum LoopbackServer {
    /// Listens, hands every accepted connection to `serve` (concurrently), runs `body` with the port, then stops.
    ///
    /// - Parameter configure: adds handlers to each accepted channel before it is wrapped (e.g. the HTTP codec).
    package static func run<Inbound: Sendable, Outbound: Sendable, Result: Sendable>(
        configure: @escaping @Sendable (any Channel) throws -> Void = { _ in },
        serve: @escaping @Sendable (NIOAsyncChannel<Inbound, Outbound>) async -> Void,
        _ body: (_ port: Int) async throws -> Result
    ) async throws -> Result {
        let server = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .bind(host: "127.0.0.1", port: 0) { channel in
                channel.eventLoop.makeCompletedFuture {
                    try configure(channel)
                    return try NIOAsyncChannel<Inbound, Outbound>(wrappingChannelSynchronously: channel)
                }
            }
        let port = server.channel.localAddress?.port ?? 0
        return try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                try await withThrowingDiscardingTaskGroup { connections in
                    try await server.executeThenClose { inbound in
                        for try await connection in inbound {
                            connections.addTask { await serve(connection) }
                        }
                    }
                }
            }
            let outcome: Swift.Result<Result, any Error>
            do {
                outcome = .success(try await body(port))
            } catch {
                outcome = .failure(error)
            }
            server.channel.close(promise: nil)
            group.cancelAll()
            return try outcome.get()
        }
    }
}
