import Foundation
import Logging
import PipelineTesting
import SFTP
import Testing

@Suite struct SFTPClientTests {
    @Test func uploadListStatAndStreamedReadRoundTripByteForByte() async throws {
        let server = try SFTPTestServer()
        let local = try TemporaryDirectory(prefix: "sftp-roundtrip")
        defer { local.remove() }
        // 1.3 MB of pseudo-random bytes: not a multiple of the 32 KiB chunk, spans several pipelined windows.
        var generator = SystemRandomNumberGenerator()
        let payload = (0..<1_300_007).map { _ in UInt8.random(in: 0...255, using: &generator) }
        #expect(FileManager.default.createFile(atPath: local.file("upload.bin"), contents: Data(payload)))
        let expectedSHA = try SFTPTestServer.sha256(ofFile: local.file("upload.bin"))

        try await server.withScratchFolder { client, folder in
            let remote = "\(folder)/20250102_appointments.csv"
            let written = try await client.upload(localPath: local.file("upload.bin"), remotePath: remote)
            #expect(written == Int64(payload.count))

            let entries = try await client.list(directory: folder)
            #expect(entries.map(\.name) == ["20250102_appointments.csv"], "no temporary .part file is left behind")
            #expect(entries.first?.isRegularFile == true)
            #expect(entries.first?.size == Int64(payload.count))

            let stat = try await client.stat(path: remote)
            #expect(stat.size == Int64(payload.count) && stat.isRegularFile && !stat.isDirectory)
            #expect(abs(stat.mtime.timeIntervalSinceNow) < 300)

            var received: [UInt8] = []
            var largestPiece = 0
            let total = try await client.read(path: remote, chunkSize: 32 * 1024, window: 4) { piece in
                largestPiece = max(largestPiece, piece.count)
                received.append(contentsOf: piece)
            }
            #expect(total == Int64(payload.count))
            #expect(received == payload)
            #expect(try SFTPTestServer.sha256(of: received) == expectedSHA)
            #expect(largestPiece <= 4 * 32 * 1024, "memory is bounded by one window")

            // What landed on the server's disk is exactly what was sent.
            let onDisk = server.localDropDirectory + remote.dropFirst(server.dropDirectory.count)
            #expect(try SFTPTestServer.sha256(ofFile: onDisk) == expectedSHA)
        }
    }

    @Test func emptyFileReadsAsZeroBytesAndDirectoriesAreFlagged() async throws {
        let server = try SFTPTestServer()
        try await server.withScratchFolder { client, folder in
            try await client.upload(bytes: [], remotePath: "\(folder)/empty.csv")
            try await client.makeDirectory(path: "\(folder)/sub")
            let bytes = try await client.readAll(path: "\(folder)/empty.csv")
            #expect(bytes.isEmpty)
            let entries = try await client.list(directory: folder)
            #expect(entries.map(\.name) == ["empty.csv", "sub"])
            #expect(entries.map(\.isDirectory) == [false, true])
            #expect(entries.map(\.isRegularFile) == [true, false])
        }
    }

    @Test func renameRefusesToReplaceUnlessAskedAndRemoveDeletes() async throws {
        let server = try SFTPTestServer()
        try await server.withScratchFolder { client, folder in
            try await client.upload(bytes: Array("one".utf8), remotePath: "\(folder)/a.csv")
            try await client.upload(bytes: Array("two".utf8), remotePath: "\(folder)/b.csv")
            await #expect(throws: SSHError.self) { try await client.rename(from: "\(folder)/a.csv", to: "\(folder)/b.csv") }
            await #expect(throws: SSHError.self) {
                try await client.upload(bytes: Array("three".utf8), remotePath: "\(folder)/b.csv")
            }
            try await client.upload(bytes: Array("three".utf8), remotePath: "\(folder)/b.csv", replaceExisting: true)
            #expect(try await client.readAll(path: "\(folder)/b.csv") == Array("three".utf8))
            try await client.rename(from: "\(folder)/a.csv", to: "\(folder)/c.csv")
            try await client.remove(path: "\(folder)/b.csv")
            #expect(try await client.list(directory: folder).map(\.name) == ["c.csv"])
        }
    }

    @Test func missingPathIsNoSuchFile() async throws {
        let server = try SFTPTestServer()
        try await server.withScratchFolder { client, folder in
            let error = await #expect(throws: SSHError.self) { try await client.stat(path: "\(folder)/nope.csv") }
            #expect(error?.code == .noSuchFile)
            #expect(error?.message.contains("nope.csv") == true)
            let absent = try await client.statIfExists(path: "\(folder)/nope.csv")
            #expect(absent == nil)
            let readError = await #expect(throws: SSHError.self) { try await client.readAll(path: "\(folder)/nope.csv") }
            #expect(readError?.code == .noSuchFile)
        }
    }

    @Test func closedClientRefusesWork() async throws {
        let server = try SFTPTestServer()
        let client = try await SFTPClient.connect(configuration: server.configuration(), logger: Logger(label: "t"))
        #expect(try await client.list(directory: server.dropDirectory).allSatisfy { !$0.name.hasPrefix(".") || true })
        await client.close()
        await client.close()
        let error = await #expect(throws: SSHError.self) { try await client.list(directory: server.dropDirectory) }
        #expect(error?.code == .closed)
    }
}
