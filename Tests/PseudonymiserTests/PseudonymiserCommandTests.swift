import AsyncHTTPClient
import Foundation
import PipelineTesting
import Testing

/// The built `pseudonymiser` executable: configuration errors exit 2 without leaking the key, and `serve`
/// stops gracefully on SIGTERM.
@Suite struct PseudonymiserCommandTests {
    @Test func shortKeyExitsTwoWithoutRevealingIt() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let shortKey = "too-short-key-value"
        var environment = ProcessInfo.processInfo.environment
        environment["PSEUDONYM_KEY"] = shortKey
        environment.removeValue(forKey: "PSEUDONYM_KEY_FILE")
        environment.removeValue(forKey: "PSEUDONYM_KEY_SECRET_ID")
        environment["LAKE_URL"] = "file://" + directory.path
        for arguments in [["run"], ["serve", "--port", "0"]] {
            let result = try ProcessRunner.run(try BuiltProducts.executable("pseudonymiser"), arguments, environment: environment, timeout: 60)
            #expect(result.status == 2, "\(arguments)")
            #expect(result.standardError.contains("invalid_pseudonym_key"))
            #expect(!result.standardError.contains(shortKey))
            #expect(!result.standardError.contains("\(shortKey.utf8.count) bytes") && !result.standardError.contains("length \(shortKey.utf8.count)"))
        }
    }

    @Test func serveAnswersThenStopsGracefullyOnSIGTERM() async throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try BuiltProducts.executable("pseudonymiser"))
        process.arguments = ["serve", "--port", "0"]
        var environment = ProcessInfo.processInfo.environment
        environment["PSEUDONYM_KEY"] = "test-key-0123456789abcdef0123456789abcdef"
        environment.removeValue(forKey: "PSEUDONYM_KEY_FILE")
        environment.removeValue(forKey: "PSEUDONYM_KEY_SECRET_ID")
        environment.removeValue(forKey: "AWS_LAMBDA_RUNTIME_API")
        process.environment = environment
        let errors = Pipe()
        process.standardError = errors
        try process.run()
        defer { if process.isRunning { process.terminate() } }

        // The first log line with event server_started carries the bound port.
        var log = ""
        var port: Int?
        let deadline = Date().addingTimeInterval(30)
        while port == nil, Date() < deadline {
            let chunk = errors.fileHandleForReading.availableData
            guard !chunk.isEmpty else { break }
            log += String(decoding: chunk, as: UTF8.self)
            for line in log.split(separator: "\n") {
                if let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
                    object["event"] as? String == "server_started"
                {
                    port = (object["port"] as? Int) ?? (object["port"] as? String).flatMap(Int.init)
                }
            }
        }
        let bound = try #require(port)
        let (status, body) = try await UDFHTTPServerTests.post("http://127.0.0.1:\(bound)", #"{"arguments":[["9434765919"],[null]]}"#)
        #expect(status == 200)
        #expect(try UDFHTTPServerTests.json(body)["success"] as? Bool == true)

        process.terminate()  // SIGTERM
        let stopBy = Date().addingTimeInterval(10)
        while process.isRunning, Date() < stopBy { try await Task.sleep(for: .milliseconds(50)) }
        #expect(!process.isRunning)
        #expect(process.terminationReason == .exit)
        #expect(process.terminationStatus == 0)
        log += String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(log.contains("shutdown_requested"))
        #expect(!log.contains("9434765919"))
        #expect(!log.contains("test-key-0123456789abcdef"))
    }
}
