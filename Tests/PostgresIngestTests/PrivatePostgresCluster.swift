import Foundation
import PipelineTesting

/// A PostgreSQL server of the test's own (initdb into a temporary folder, 127.0.0.1 on a free port, trust
/// authentication), so a test can restart it without disturbing the shared local stack.
struct PrivatePostgresCluster {
    let folder: TemporaryDirectory
    let port: Int
    let bin: String

    /// Superuser conninfo of the `postgres` database.
    var adminURL: String { "host=127.0.0.1 port=\(port) user=postgres dbname=postgres" }

    static func start() throws -> PrivatePostgresCluster {
        let bin = try LocalStackEnvironment.value("LOCAL_PG_BIN")
        let folder = try TemporaryDirectory(prefix: "private-pg")
        func onPort() -> PrivatePostgresCluster {
            PrivatePostgresCluster(folder: folder, port: 56_000 + Int.random(in: 0..<4000), bin: bin)
        }
        let first = onPort()
        try first.postgres("chown", ["-R", "postgres", folder.path], asRoot: true)
        try first.postgres(bin + "/initdb", ["-D", folder.file("data"), "-U", "postgres", "-A", "trust", "-E", "UTF8", "--no-sync"])
        // A random port may be taken: up to three tries, each on another port.
        var failure: (any Error)?
        for cluster in [first, onPort(), onPort()] {
            do {
                try cluster.pgCtl("start")
                return cluster
            } catch {
                failure = error
            }
        }
        folder.remove()
        throw failure!
    }

    /// `pg_ctl restart -m fast`: every connection is terminated, the server is down for a moment, then back.
    func restart() throws { try pgCtl("restart", mode: "fast") }

    func stop() {
        try? pgCtl("stop", mode: "immediate")
        folder.remove()
    }

    private func pgCtl(_ action: String, mode: String? = nil) throws {
        var arguments = ["-D", folder.file("data"), "-l", folder.file("server.log"), "-w", "-t", "60", action]
        if let mode { arguments += ["-m", mode] }
        if action != "stop" {
            arguments += ["-o", "-c listen_addresses=127.0.0.1 -p \(port) -k \(folder.path) -c fsync=off -c timezone=UTC"]
        }
        try postgres(bin + "/pg_ctl", arguments)
    }

    /// Runs a command as the `postgres` user (servers refuse to run as root).
    private func postgres(_ executable: String, _ arguments: [String], asRoot: Bool = false) throws {
        // Through bash, closing every inherited descriptor above stderr and putting stdio on a log: a server
        // started by pg_ctl would otherwise keep the descriptor Foundation watches to see the child exit, and
        // the runner would wait for the server to stop.
        let command = ([executable] + arguments).map { "'" + $0.replacingOccurrences(of: "'", with: "'\\''") + "'" }.joined(separator: " ")
        let closeInherited = "for fd in /proc/$$/fd/*; do n=${fd##*/}; [ \"$n\" -gt 2 ] && eval \"exec $n>&-\"; done 2>/dev/null; "
        let shell = closeInherited + (asRoot ? command : "runuser -u postgres -- " + command)
        let result = try ProcessRunner.run("bash", ["-c", shell + " </dev/null >>'\(folder.file("commands.log"))' 2>&1"], timeout: 120)
        guard result.status == 0 else {
            let log = (try? String(contentsOfFile: folder.file("commands.log"), encoding: .utf8)) ?? ""
            throw CocoaError(.executableLoad, userInfo: [NSLocalizedDescriptionKey: "\(executable) failed: \(log.suffix(400))"])
        }
    }
}
