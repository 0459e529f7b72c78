import AWS
import Foundation
import Testing

@Suite struct SigV4SignerTests {
    // AWS SigV4 test suite (aws-sig-v4-test-suite, as shipped with aws-c-auth): service "service",
    // region us-east-1, 2015-08-30T12:36:00Z, key AKIDEXAMPLE. Inputs and expected signatures are the suite's.
    static let suiteDate = Date(timeIntervalSince1970: 1_440_938_160)
    static let suiteCredentials = AWSCredentials(
        accessKeyID: "AKIDEXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY")

    struct Vector: Sendable, CustomTestStringConvertible {
        var name: String
        var path: String
        var query: [(String, String)]
        var signature: String
        var testDescription: String { name }
    }

    static let vectors: [Vector] = [
        Vector(name: "get-vanilla", path: "/", query: [],
               signature: "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31"),
        Vector(name: "get-vanilla-query-order-key-case", path: "/", query: [("Param2", "value2"), ("Param1", "value1")],
               signature: "b97d918cfa904a5beff61c982a1b6f458b799221646efd99d3219ec94cdf2500"),
        Vector(name: "get-unreserved", path: "/-._~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz",
               query: [], signature: "07ef7494c76fa4850883e2b006601f940f8a34d404d0cfa977f52a65bbf5f24f"),
        Vector(name: "get-vanilla-utf8-query", path: "/", query: [("ሴ", "bar")],
               signature: "2cdec8eed098649ff3a119c94853b13c643bcf08f8b0a1d91e12c9027818dd04"),
    ]

    @Test(arguments: vectors)
    func matchesPublishedTestSuiteVector(_ vector: Vector) {
        let signer = SigV4Signer(credentials: Self.suiteCredentials, service: "service", region: "us-east-1")
        let headers = signer.signHeaders(
            method: "GET", host: "example.amazonaws.com", encodedPath: AWSURIEncoding.encodePath(vector.path),
            query: vector.query, payloadHash: SigV4Signer.emptyPayloadHash, date: Self.suiteDate)
        let authorization = headers.first { $0.0 == "Authorization" }?.1
        #expect(
            authorization
                == "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, "
                + "SignedHeaders=host;x-amz-date, Signature=\(vector.signature)")
        #expect(headers.contains { $0 == ("X-Amz-Date", "20150830T123600Z") })
    }

    @Test func signsSessionTokenAsInTestSuite() {
        var credentials = Self.suiteCredentials
        credentials.sessionToken = "6e86291e8372ff2a2260956d9b8aae1d763fbf315fa00fa31553b73ebf194267"
        let signer = SigV4Signer(credentials: credentials, service: "service", region: "us-east-1")
        let headers = signer.signHeaders(
            method: "GET", host: "example.amazonaws.com", encodedPath: "/", payloadHash: SigV4Signer.emptyPayloadHash,
            date: Self.suiteDate)
        #expect(headers.first { $0.0 == "X-Amz-Security-Token" }?.1 == credentials.sessionToken)
        #expect(
            headers.first { $0.0 == "Authorization" }?.1
                == "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, "
                + "SignedHeaders=host;x-amz-date;x-amz-security-token, "
                + "Signature=07ec1639c89043aa0e3e2de82b96708f198cceab042d4a97044c66dd9f74e7f8")
    }

    // The S3 documentation's SigV4 examples (bucket examplebucket, 2013-05-24, key AKIAIOSFODNN7EXAMPLE).
    static let s3Date = Date(timeIntervalSince1970: 1_369_353_600)
    static let s3Credentials = AWSCredentials(
        accessKeyID: "AKIAIOSFODNN7EXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY")

    @Test func matchesS3DocumentationRangedGetExample() {
        let signer = SigV4Signer(credentials: Self.s3Credentials, service: "s3", region: "us-east-1")
        let headers = signer.signHeaders(
            method: "GET", host: "examplebucket.s3.amazonaws.com", encodedPath: "/test.txt",
            headers: [("Range", "bytes=0-9")], payloadHash: SigV4Signer.emptyPayloadHash, date: Self.s3Date)
        #expect(
            headers.first { $0.0 == "Authorization" }?.1
                == "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request, "
                + "SignedHeaders=host;range;x-amz-content-sha256;x-amz-date, "
                + "Signature=f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41")
    }

    @Test func matchesS3DocumentationListObjectsExample() {
        let signer = SigV4Signer(credentials: Self.s3Credentials, service: "s3", region: "us-east-1")
        let headers = signer.signHeaders(
            method: "GET", host: "examplebucket.s3.amazonaws.com", encodedPath: "/",
            query: [("max-keys", "2"), ("prefix", "J")], payloadHash: SigV4Signer.emptyPayloadHash, date: Self.s3Date)
        #expect(
            headers.first { $0.0 == "Authorization" }?.1.hasSuffix(
                "Signature=34b48302e7b5fa45bde8084f4b7868a86f0a534bc59db6670ed5711ef69dc6f7") == true)
    }

    @Test func matchesS3DocumentationPresignedURLExample() {
        let signer = SigV4Signer(credentials: Self.s3Credentials, service: "s3", region: "us-east-1")
        let url = signer.presignedURL(
            method: "GET", host: "examplebucket.s3.amazonaws.com", encodedPath: "/test.txt", expires: 86400,
            date: Self.s3Date)
        #expect(url.hasPrefix("https://examplebucket.s3.amazonaws.com/test.txt?X-Amz-Algorithm=AWS4-HMAC-SHA256&"))
        #expect(url.hasSuffix("&X-Amz-Signature=aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404"))
    }

    @Test func encodesKeysLikeS3Expects() {
        #expect(AWSURIEncoding.encodePath("a b/c+d=e~f/é") == "a%20b/c%2Bd%3De~f/%C3%A9")
        #expect(AWSURIEncoding.encode("a/b c") == "a%2Fb%20c")
        #expect(AWSURIEncoding.decode("a%20b%2Bc+d") == "a b+c+d")
    }

    @Test func credentialsDescriptionHidesSecrets() {
        let credentials = AWSCredentials(accessKeyID: "AKIAEXAMPLEKEY1234", secretAccessKey: "verysecret", sessionToken: "tok3n")
        #expect(!"\(credentials)".contains("verysecret"))
        #expect(!"\(credentials)".contains("tok3n"))
        #expect(!"\(credentials)".contains("AKIAEXAMPLEKEY"))
    }
}
