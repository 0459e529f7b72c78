import NIOCore
import NIOPosix
import Synchronization

/// A TCP proxy on 127.0.0.1 that forwards to a real server and cuts its first connection after the server has
/// sent a given number of bytes — what a client sees when the server process serving it is killed in the
/// middle of a transfer. Later connections are forwarded whole, so a client that reconnects can finish.
package final class ConnectionCuttingProxy: Sendable {
    private let connections = Mutex(0)
    private let upstreamHost: String
    private let upstreamPort: Int
    private let cutAfter: Int

    private init(upstreamHost: String, upstreamPort: Int, cutAfter: Int) {
        self.upstreamHost = upstreamHost
        self.upstreamPort = upstreamPort
        self.cutAfter = cutAfter
    }

    /// Connections accepted so far.
    package var connectionCount: Int { connections.withLock { $0 } }

    /// Runs `body` with a proxy listening on a free port of 127.0.0.1 (the port is passed to `body`).
    package static func withProxy<Result: Sendable>(
        upstreamHost: String, upstreamPort: Int, cutFirstConnectionAfter bytes: Int,
        _ body: (_ port: Int, _ proxy: ConnectionCuttingProxy) async throws -> Result
    ) async throws -> Result {
        let proxy = ConnectionCuttingProxy(upstreamHost: upstreamHost, upstreamPort: upstreamPort, cutAfter: bytes)
        return try await LoopbackServer.run(
            serve: { (connection: NIOAsyncChannel<ByteBuffer, ByteBuffer>) in
                let index = proxy.connections.withLock { count in
                    count += 1
                    return count
                }
                await proxy.relay(connection, cut: index == 1)
            }
        ) { port in
            try await body(port, proxy)
        }
    }

    private func relay(_ client: NIOAsyncChannel<ByteBuffer, ByteBuffer>, cut: Bool) async {
        guard
            let upstream = try? await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
                .connect(host: upstreamHost, port: upstreamPort, channelInitializer: { channel in
                    channel.eventLoop.makeCompletedFuture {
                        try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel)
                    }
                })
        else {
            try? await client.executeThenClose { _, _ in }
            return
        }
        let limit = cut ? cutAfter : Int.max
        try? await client.executeThenClose { clientIn, clientOut in
            try await upstream.executeThenClose { upstreamIn, upstreamOut in
                try await withThrowingTaskGroup(of: Void.self) { group in
                    group.addTask {
                        for try await chunk in clientIn { try await upstreamOut.write(chunk) }
                    }
                    group.addTask {
                        var sent = 0
                        for try await chunk in upstreamIn {
                            try await clientOut.write(chunk)
                            sent += chunk.readableBytes
                            if sent >= limit { return }
                        }
                    }
                    // Whichever direction ends first ends the connection (both sockets close).
                    _ = try await group.next()
                    group.cancelAll()
                }
            }
        }
    }
}
