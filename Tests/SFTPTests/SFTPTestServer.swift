import Foundation
import Logging
import PipelineTesting
import SFTP

/// The local stack's sshd as seen by the SFTP tests, plus helpers for a unique remote folder per test.
struct SFTPTestServer {
    let environment: [String: String]
    let dropDirectory: String
    let localDropDirectory: String

    init() throws {
        environment = try LocalStackEnvironment.require(
            "SFTP_HOST", "SFTP_PORT", "SFTP_USER", "SFTP_PRIVATE_KEY_FILE", "SFTP_KNOWN_HOSTS_FILE", "SFTP_REMOTE_DIR",
            "LOCAL_SFTP_DROP_DIR")
        dropDirectory = environment["SFTP_REMOTE_DIR"]!
        localDropDirectory = environment["LOCAL_SFTP_DROP_DIR"]!
    }

    /// The configuration from the environment, with `changes` laid over it.
    func configuration(_ changes: [String: String?] = [:]) throws -> SFTPConfiguration {
        var values = environment
        for (name, value) in changes { values[name] = value }
        return try SFTPConfiguration(environment: values)
    }

    /// Runs `body` with a connected client and a fresh remote folder under the drop, removed afterwards.
    func withScratchFolder(
        logger: Logger = Logger(label: "sftp-tests"), _ body: (SFTPClient, String) async throws -> Void
    ) async throws {
        try await SFTPClient.withClient(configuration: configuration(), logger: logger) { client in
            let folder = "\(dropDirectory)/sftp-tests-\(UUID().uuidString.prefix(8).lowercased())"
            try await client.makeDirectory(path: folder)
            do {
                try await body(client, folder)
            } catch {
                await Self.removeTree(client, folder)
                throw error
            }
            await Self.removeTree(client, folder)
        }
    }

    static func removeTree(_ client: SFTPClient, _ folder: String) async {
        for entry in (try? await client.list(directory: folder)) ?? [] {
            if entry.isDirectory {
                await removeTree(client, "\(folder)/\(entry.name)")
            } else {
                try? await client.remove(path: "\(folder)/\(entry.name)")
            }
        }
        try? await client.removeDirectory(path: folder)
    }

    /// `sha256sum` of a local file (an independent oracle).
    static func sha256(ofFile path: String) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/sha256sum")
        process.arguments = [path]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let output = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: output, as: UTF8.self).split(separator: " ").first.map(String.init) ?? ""
    }

    static func sha256(of bytes: [UInt8]) throws -> String {
        let folder = try TemporaryDirectory(prefix: "sha")
        defer { folder.remove() }
        guard FileManager.default.createFile(atPath: folder.file("b"), contents: Data(bytes)) else { return "" }
        return try sha256(ofFile: folder.file("b"))
    }

    /// Runs a command and returns its standard output.
    @discardableResult
    static func run(_ executable: String, _ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        try process.run()
        let output = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: output, as: UTF8.self)
    }
}
