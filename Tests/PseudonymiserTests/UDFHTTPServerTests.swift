import AsyncHTTPClient
import Foundation
import Logging
import NIOCore
import NIOHTTP1
import Testing
@testable import Pseudonymiser

@Suite struct UDFHTTPServerTests {
    static let logger = Logger(label: "udf-test") { _ in SwiftLogNoOpLogHandler() }

    /// Runs the real server on 127.0.0.1 with an ephemeral port for the duration of `body`.
    static func withServer(maxRequestBytes: Int = 64 * 1024, _ body: @Sendable (String) async throws -> Void) async throws {
        let handler = UDFBatchHandler(pseudonymiser: BronzeLakeFixture.pseudonymiser, maxRecords: 1000)
        let server = UDFHTTPServer(handler: handler, host: "127.0.0.1", port: 0, maxRequestBytes: maxRequestBytes, logger: logger)
        let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await server.run { continuation.yield($0) } }
            var iterator = ports.makeAsyncIterator()
            let port = try #require(await iterator.next())
            try await body("http://127.0.0.1:\(port)")
            group.cancelAll()
            try await group.waitForAll()
        }
    }

    static func post(_ url: String, _ body: String, method: HTTPMethod = .POST) async throws -> (Int, [UInt8]) {
        let client = HTTPClient(eventLoopGroupProvider: .singleton)
        do {
            var request = HTTPClientRequest(url: url + "/")
            request.method = method
            if method == .POST { request.body = .bytes(ByteBuffer(string: body)) }
            let response = try await client.execute(request, timeout: .seconds(10))
            let bytes = Array(try await response.body.collect(upTo: 1 << 22).readableBytesView)
            try await client.shutdown()
            return (Int(response.status.code), bytes)
        } catch {
            try? await client.shutdown()
            throw error
        }
    }

    static func json(_ bytes: [UInt8]) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any])
    }

    @Test func batchResultsEqualTheBatchStagePseudonyms() async throws {
        let lake = try BronzeLakeFixture()
        try await lake.ingest(PseudonymiserJobTests.firstDay(), on: PseudonymiserJobTests.day1)
        _ = await lake.run()
        let manifest = try #require(try await lake.manifest(PseudonymiserJobTests.day1))
        let batchSKs = try await lake.read(manifest, dataset: "patient_demographics").column(named: "patient_sk")!.compactMap(\.stringValue)
        #expect(batchSKs.count == 3)

        try await Self.withServer { url in
            let request = #"{"request_id":"r1","num_records":6,"arguments":[["9434765919"],["123 456 7881"],["0123456789"],[null],["9434765910"],[""]]}"#
            let (status, body) = try await Self.post(url, request)
            #expect(status == 200)
            let reply = try Self.json(body)
            #expect(reply["success"] as? Bool == true)
            #expect(reply["num_records"] as? Int == 6)
            let results = try #require(reply["results"] as? [Any])
            #expect(results.count == 6)
            #expect(results.prefix(3).compactMap { $0 as? String } == batchSKs)
            #expect(results.suffix(3).allSatisfy { $0 is NSNull })
        }
    }

    @Test func malformedBatchesFailWithoutEchoingInput() async throws {
        try await Self.withServer { url in
            for request in [
                #"{"arguments": [["9434765919"]"#,  // truncated JSON
                #"{"arguments": [[9434765919]]}"#,  // a number, not a string
                #"{"arguments": [["9434765919", "9434765919"]]}"#,  // two values in a row
                #"{"rows": [["9434765919"]]}"#,  // no arguments
            ] {
                let (status, body) = try await Self.post(url, request)
                #expect(status == 200)
                let reply = try Self.json(body)
                #expect(reply["success"] as? Bool == false)
                #expect((reply["error_msg"] as? String)?.isEmpty == false)
                let text = String(decoding: body, as: UTF8.self)
                #expect(!text.contains("9434765919"))
                #expect(reply["results"] == nil)
            }
        }
    }

    @Test func oversizedBodiesAndOtherMethodsAreRefused() async throws {
        try await Self.withServer(maxRequestBytes: 2048) { url in
            let rows = Array(repeating: #"["9434765919"]"#, count: 400).joined(separator: ",")
            let (status, body) = try await Self.post(url, #"{"arguments":[\#(rows)]}"#)
            #expect(status == 413)
            #expect(try Self.json(body)["success"] as? Bool == false)
            #expect(!String(decoding: body, as: UTF8.self).contains("9434765919"))

            let (putStatus, _) = try await Self.post(url, "", method: .DELETE)
            #expect(putStatus == 405)
        }
    }

    @Test func lambdaRuntimeLoopAnswersInvocationsFromTheRuntimeAPI() async throws {
        let events = [
            #"{"arguments":[["9434765919"],[null],["1234567880"]]}"#,
            #"{"arguments": not json"#,
        ]
        let state = LambdaFakeState(events: events)
        let fake = TestHTTPServer { request in await state.handle(request) }
        try await fake.with { port in
            let loop = LambdaRuntimeLoop(
                runtimeAPI: "127.0.0.1:\(port)", handler: UDFBatchHandler(pseudonymiser: BronzeLakeFixture.pseudonymiser),
                maxRequestBytes: 1 << 20, logger: Self.logger)
            try await loop.run(maxInvocations: 2)
        }
        let responses = await state.responses
        #expect(responses.map(\.0) == ["req-0", "req-1"])
        // Each payload is a JSON-encoded string holding the response object (the reference's json.dumps form).
        let first = try #require(try JSONSerialization.jsonObject(with: Data(responses[0].1), options: .fragmentsAllowed) as? String)
        let reply = try Self.json(Array(first.utf8))
        #expect(reply["success"] as? Bool == true)
        let results = try #require(reply["results"] as? [Any])
        #expect(results.first as? String == PseudonymiserJobTests.sk("9434765919"))
        #expect(results.dropFirst().allSatisfy { $0 is NSNull })
        let second = try #require(try JSONSerialization.jsonObject(with: Data(responses[1].1), options: .fragmentsAllowed) as? String)
        #expect(try Self.json(Array(second.utf8))["success"] as? Bool == false)
        #expect(await state.errors.isEmpty)
    }
}

/// The fake runtime API's state: queued events, posted responses and errors.
actor LambdaFakeState {
    private var pending: [String]
    private var next = 0
    private(set) var responses: [(String, [UInt8])] = []
    private(set) var errors: [String] = []

    init(events: [String]) { pending = events }

    func handle(_ request: TestHTTPServer.Request) -> TestHTTPServer.Response {
        let prefix = "/2018-06-01/runtime/invocation/"
        if request.method == .GET, request.uri == prefix + "next", next < pending.count {
            defer { next += 1 }
            return TestHTTPServer.Response(headers: [("Lambda-Runtime-Aws-Request-Id", "req-\(next)")], body: Array(pending[next].utf8))
        }
        if request.method == .POST, request.uri.hasPrefix(prefix), request.uri.hasSuffix("/response") {
            let id = String(request.uri.dropFirst(prefix.count).dropLast("/response".count))
            responses.append((id, request.body))
            return TestHTTPServer.Response(status: .accepted, body: Array(#"{"status":"OK"}"#.utf8))
        }
        errors.append("\(request.method) \(request.uri)")
        return TestHTTPServer.Response(status: .notFound)
    }
}
