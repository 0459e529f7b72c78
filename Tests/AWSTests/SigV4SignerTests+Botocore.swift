import AWS
import Crypto
import Foundation
import Testing

/// Signs the same S3 requests with botocore (python3) and compares.
extension SigV4SignerTests {
    static let botocoreScript = #"""
        import base64, datetime as real, json, sys
        import botocore.auth
        from botocore.awsrequest import AWSRequest
        from botocore.credentials import Credentials
        from urllib.parse import quote
        FIXED = real.datetime(2024, 1, 2, 3, 4, 5)
        botocore.auth.get_current_datetime = lambda *args, **kwargs: FIXED
        out = []
        for case in json.load(sys.stdin):
            creds = Credentials(case["key"], case["secret"], case.get("token"))
            path = "/" + case["bucket"] + "/" + quote(case["objectKey"], safe="/~")
            query = "&".join(quote(k, safe="~") + "=" + quote(v, safe="~") for k, v in case["query"])
            url = "http://" + case["host"] + path + ("?" + query if query else "")
            body = base64.b64decode(case["body"])
            request = AWSRequest(method=case["method"], url=url, headers=dict(case["headers"]), data=body)
            if case["presign"]:
                botocore.auth.S3SigV4QueryAuth(creds, "s3", case["region"], expires=case["expires"]).add_auth(request)
                result = request.url
            else:
                botocore.auth.S3SigV4Auth(creds, "s3", case["region"]).add_auth(request)
                result = request.headers["Authorization"]
            out.append({"encodedPath": path, "result": result})
        print(json.dumps(out))
        """#

    struct Case: Codable {
        var method: String
        var host: String
        var bucket: String
        var objectKey: String
        var query: [[String]]
        var headers: [[String]]
        var body: String
        var region: String
        var key: String
        var secret: String
        var token: String?
        var presign: Bool
        var expires: Int
    }

    struct Outcome: Codable {
        var encodedPath: String
        var result: String
    }

    @Test func agreesWithBotocoreOnS3Requests() throws {
        let keys = [
            "plain.txt", "with space/and+plus.parquet", "unicode/é/ሴ/日本.csv", "equals=sign/a=b&c",
            "tilde~/_under-score.", "deep/a//b/./c", "percent%20literal", "quote'\"!*()$,;:@",
        ]
        var cases: [Case] = []
        for (index, key) in keys.enumerated() {
            let body = Array("body \(index)".utf8)
            let token = index.isMultiple(of: 2) ? "FwoGZXIvYXdzEXAMPLETOKEN/+=" : nil
            cases.append(
                Case(
                    method: index.isMultiple(of: 3) ? "GET" : "PUT", host: "s3.eu-west-2.amazonaws.com",
                    bucket: "northshire-lake", objectKey: key,
                    query: index == 1 ? [["partNumber", "3"], ["uploadId", "a/b+c=d e"]] : [],
                    headers: [["Content-Type", "application/octet-stream"], ["x-amz-meta-sha256", "abc"]],
                    body: Data(body).base64EncodedString(), region: "eu-west-2", key: "AKIDEXAMPLE",
                    secret: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", token: token, presign: false, expires: 0))
            var presign = cases.last!
            presign.method = "GET"
            presign.headers = []
            presign.body = ""
            presign.presign = true
            presign.expires = 900
            cases.append(presign)
        }
        let outcomes = try runBotocore(cases)
        #expect(outcomes.count == cases.count)
        let date = Date(timeIntervalSince1970: 1_704_164_645)  // 2024-01-02T03:04:05Z
        for (testCase, outcome) in zip(cases, outcomes) {
            let encodedPath = "/\(testCase.bucket)/" + AWSURIEncoding.encodePath(testCase.objectKey)
            #expect(encodedPath == outcome.encodedPath, "encoding of '\(testCase.objectKey)'")
            let signer = SigV4Signer(
                credentials: AWSCredentials(
                    accessKeyID: testCase.key, secretAccessKey: testCase.secret, sessionToken: testCase.token),
                service: "s3", region: testCase.region)
            let query = testCase.query.map { ($0[0], $0[1]) }
            if testCase.presign {
                let url = signer.presignedURL(
                    method: "GET", scheme: "http", host: testCase.host, encodedPath: encodedPath, query: query,
                    expires: testCase.expires, date: date)
                #expect(Self.signature(inURL: url) == Self.signature(inURL: outcome.result), "presigned '\(testCase.objectKey)'")
            } else {
                let body = Data(base64Encoded: testCase.body)!
                let headers = signer.signHeaders(
                    method: testCase.method, host: testCase.host, encodedPath: encodedPath, query: query,
                    headers: testCase.headers.map { ($0[0], $0[1]) },
                    payloadHash: SHA256.hash(data: body).hexEncoded, date: date)
                #expect(headers.first { $0.0 == "Authorization" }?.1 == outcome.result, "'\(testCase.objectKey)'")
            }
        }
    }

    static func signature(inURL url: String) -> String? {
        url.components(separatedBy: "X-Amz-Signature=").last.map { String($0.prefix(64)) }
    }

    private func runBotocore(_ cases: [Case]) throws -> [Outcome] {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", Self.botocoreScript]
        let input = Pipe()
        let output = Pipe()
        let errors = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        input.fileHandleForWriting.write(try JSONEncoder().encode(cases))
        try input.fileHandleForWriting.close()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        let errorText = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            Issue.record("python3/botocore failed (pip install botocore): \(errorText)")
            return []
        }
        return try JSONDecoder().decode([Outcome].self, from: data)
    }
}
