import AWS
import Foundation
import Logging
import Testing

@Suite struct S3ClientTests {
    @Test func roundTripsKeysWithSpecialCharacters() async throws {
        let server = try LocalS3Server.fromEnvironment()
        let client = try server.client()
        let bucket = try await server.makeBucket(client)
        let keys = ["with space/a+b=c.txt", "unicode/é/ሴ/日本.csv", "tilde~/x_y-z.", "percent%41/q'!*()"]
        for (index, key) in keys.enumerated() {
            let bytes = Array("payload \(index)".utf8)
            _ = try await client.putObject(bucket: bucket, key: key, source: .bytes(bytes))
            #expect(try await client.getObject(bucket: bucket, key: key) == bytes, "\(key)")
            #expect(try await client.headObject(bucket: bucket, key: key)?.size == Int64(bytes.count))
        }
        let listed = try await client.listAllObjects(bucket: bucket).map(\.key)
        #expect(listed == keys.sorted())
    }

    @Test func serverRejectsWrongSecretWithSignatureDoesNotMatch() async throws {
        let server = try LocalS3Server.signatureChecking()
        let good = try server.client()
        let bucket = try await server.makeBucket(good)
        var wrong = server.credentials
        wrong.secretAccessKey += "x"
        let bad = try server.client(credentials: wrong)
        let error = await #expect(throws: AWSError.self) {
            _ = try await bad.putObject(bucket: bucket, key: "k", source: .bytes([1]))
        }
        #expect(error?.code == .signatureDoesNotMatch)
        #expect(error?.httpStatus == 403)
        #expect(!(error.map { "\($0)" } ?? "").contains(wrong.secretAccessKey))
    }

    @Test func sendsKMSHeadersAndConditionalPut() async throws {
        let server = try LocalS3Server.fromEnvironment()
        let client = try server.client()
        let bucket = try await server.makeBucket(client)
        let keyID = "arn:aws:kms:eu-west-2:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"
        let options = S3PutOptions(ifNoneMatch: true, serverSideEncryption: .kms(keyID: keyID))
        _ = try await client.putObject(bucket: bucket, key: "once.json", source: .bytes([1, 2]), options: options)
        let head = try #require(try await client.headObject(bucket: bucket, key: "once.json"))
        #expect(head.serverSideEncryption == "aws:kms")
        #expect(head.kmsKeyID == keyID)
        let error = await #expect(throws: AWSError.self) {
            _ = try await client.putObject(bucket: bucket, key: "once.json", source: .bytes([3]), options: options)
        }
        #expect(error?.httpStatus == 412)
        #expect(try await client.getObject(bucket: bucket, key: "once.json") == [1, 2])
    }

    @Test func listsWithDelimiterAndContinuation() async throws {
        let server = try LocalS3Server.fromEnvironment()
        let client = try server.client()
        let bucket = try await server.makeBucket(client)
        for key in ["a/1", "a/2", "a/3", "b/x/1", "b/y/1", "c"] {
            _ = try await client.putObject(bucket: bucket, key: key, source: .bytes([0]))
        }
        let top = try await client.listObjectsV2(bucket: bucket, delimiter: "/")
        #expect(top.commonPrefixes == ["a/", "b/"])
        #expect(top.objects.map(\.key) == ["c"])
        var keys: [String] = []
        var token: String?
        var pages = 0
        repeat {
            let page = try await client.listObjectsV2(bucket: bucket, prefix: "a/", continuationToken: token, maxKeys: 2)
            keys += page.objects.map(\.key)
            token = page.nextContinuationToken
            pages += 1
        } while token != nil
        #expect(keys == ["a/1", "a/2", "a/3"])
        #expect(pages == 2)
    }

    @Test func copiesAcrossBucketsServerSide() async throws {
        let server = try LocalS3Server.fromEnvironment()
        let client = try server.client()
        let source = try await server.makeBucket(client)
        let destination = try await server.makeBucket(client)
        let put = try await client.putObject(bucket: source, key: "in/data file.parquet", source: .bytes(Array("PAR1".utf8)))
        let copied = try await client.copyObject(
            sourceBucket: source, sourceKey: "in/data file.parquet", bucket: destination, key: "out/ሴ.parquet",
            options: S3PutOptions(serverSideEncryption: .kms(keyID: "alias/lake")))
        #expect(copied.size == 4)
        #expect(copied.sha256 == put.sha256)
        #expect(try await client.getObject(bucket: destination, key: "out/ሴ.parquet") == Array("PAR1".utf8))
        #expect(try await client.headObject(bucket: destination, key: "out/ሴ.parquet")?.serverSideEncryption == "aws:kms")
        // Create-only copies go through UploadPartCopy + a conditional CompleteMultipartUpload.
        _ = try await client.copyObject(
            sourceBucket: source, sourceKey: "in/data file.parquet", bucket: destination, key: "out/once.parquet",
            options: S3PutOptions(ifNoneMatch: true))
        #expect(try await client.getObject(bucket: destination, key: "out/once.parquet") == Array("PAR1".utf8))
        let error = await #expect(throws: AWSError.self) {
            _ = try await client.copyObject(
                sourceBucket: source, sourceKey: "in/data file.parquet", bucket: destination, key: "out/once.parquet",
                options: S3PutOptions(ifNoneMatch: true))
        }
        #expect(error?.httpStatus == 412)
        #expect(try await client.listMultipartUploads(bucket: destination).isEmpty)
    }

    @Test func readsSecretsManagerValues() async throws {
        let server = try LocalS3Server.fromEnvironment()
        var environment = server.environment
        environment["SECRETS_MANAGER_ENDPOINT_URL"] = server.endpoint
        let secrets = try SecretsManagerClient(
            environment: environment, credentials: StaticCredentialProvider(server.credentials),
            logger: Logger(label: "aws-tests"))
        let name = "aiq-test/\(UUID().uuidString)"
        struct Create: Encodable, Sendable {
            var Name: String
            var SecretString: String
        }
        _ = try await secrets.call(operation: "CreateSecret", payload: Create(Name: name, SecretString: "s3cr3t-value"))
        #expect(try await secrets.getSecretValue(id: name) == .string("s3cr3t-value"))
        let error = await #expect(throws: AWSError.self) { _ = try await secrets.getSecretValue(id: name + "-missing") }
        #expect(error?.code == .resourceNotFound)
    }
}
