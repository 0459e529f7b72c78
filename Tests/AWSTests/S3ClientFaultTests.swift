import AWS
import PipelineTesting
import Foundation
import Logging
import Testing

@Suite struct S3ClientFaultTests {
    static func errorXML(_ code: String) -> String {
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>\(code)</Code><Message>injected \(code)</Message>"
            + "<RequestId>FAKE-REQUEST-ID</RequestId></Error>"
    }

    @Test func retriesServerErrorsAndSlowDownThenSucceeds() async throws {
        let server = try LocalS3Server.fromEnvironment()
        let bucket = try await server.makeBucket(try server.client())
        try await FaultInjectingProxy.withProxy(upstream: server.endpoint, rule: { method, _, index in
            guard method == "PUT" else { return .forward }
            switch index {
            case 0: return .respond(status: 500, body: Self.errorXML("InternalError"))
            case 1: return .respond(status: 503, body: Self.errorXML("SlowDown"))
            case 2: return .dropConnection
            default: return .forward
            }
        }) { endpoint, proxy in
            let client = try server.client(endpoint: endpoint)
            let result = try await client.putObject(bucket: bucket, key: "retry/object.txt", source: .bytes(Array("hello".utf8)))
            #expect(result.size == 5)
            #expect(proxy.requests.filter { $0.method == "PUT" }.count == 4)
            #expect(try await client.getObject(bucket: bucket, key: "retry/object.txt") == Array("hello".utf8))
        }
    }

    @Test func doesNotRetryForbidden() async throws {
        let server = try LocalS3Server.fromEnvironment()
        try await FaultInjectingProxy.withProxy(upstream: server.endpoint, rule: { _, _, _ in
            .respond(status: 403, body: Self.errorXML("AccessDenied"))
        }) { endpoint, proxy in
            let client = try server.client(endpoint: endpoint)
            let error = await #expect(throws: AWSError.self) {
                _ = try await client.getObject(bucket: "any-bucket", key: "k")
            }
            #expect(error?.code == .accessDenied)
            #expect(error?.httpStatus == 403)
            #expect(error?.requestID == "FAKE-REQUEST-ID")
            #expect(proxy.requests.count == 1)
        }
    }

    @Test func givesUpAfterBoundedAttempts() async throws {
        let server = try LocalS3Server.fromEnvironment()
        try await FaultInjectingProxy.withProxy(upstream: server.endpoint, rule: { _, _, _ in
            .respond(status: 503, body: Self.errorXML("SlowDown"))
        }) { endpoint, proxy in
            let client = try server.client(endpoint: endpoint, maxAttempts: 3)
            let error = await #expect(throws: AWSError.self) {
                _ = try await client.headObject(bucket: "any-bucket", key: "k")
            }
            #expect(error?.httpStatus == 503)
            #expect(proxy.requests.count == 3)
        }
    }

    @Test func abortsInterruptedMultipartUploadAndRethrowsOriginalError() async throws {
        let server = try LocalS3Server.fromEnvironment()
        let direct = try server.client()
        let bucket = try await server.makeBucket(direct)
        try await FaultInjectingProxy.withProxy(upstream: server.endpoint, rule: { method, uri, _ in
            method == "PUT" && uri.contains("partNumber=2") ? .dropConnection : .forward
        }) { endpoint, proxy in
            let client = try server.client(endpoint: endpoint, maxAttempts: 2)
            let bytes = [UInt8](repeating: 7, count: 12 << 20)
            let error = await #expect(throws: AWSError.self) {
                _ = try await client.putObject(bucket: bucket, key: "big/interrupted.bin", source: .bytes(bytes))
            }
            #expect(error?.code == .transport)
            #expect(proxy.requests.contains { $0.method == "DELETE" && $0.uri.contains("uploadId=") })
        }
        #expect(try await direct.listMultipartUploads(bucket: bucket).isEmpty)
        #expect(try await direct.headObject(bucket: bucket, key: "big/interrupted.bin") == nil)
    }
}
