import Foundation
import Logging
import ObjectStore
import Testing

@Suite struct ObjectStoreFactoryTests {
    let logger = Logger(label: "object-store-tests")

    @Test func buildsFileSystemStoresFromRelativeAndFileURLs() throws {
        let relative = try ObjectStoreFactory.make(url: "file://./.build/aiq-factory-test", environment: [:], logger: logger)
        #expect(relative.locationDescription == "file://\(FileManager.default.currentDirectoryPath)/.build/aiq-factory-test")
        let bare = try ObjectStoreFactory.make(url: "/tmp/aiq-factory-test", environment: [:], logger: logger)
        #expect(bare is FileSystemObjectStore)
    }

    @Test func buildsS3StoresWithKMSAndOwnerFromTheEnvironment() throws {
        let environment = [
            "AWS_REGION": "eu-west-2", "AWS_ACCESS_KEY_ID": "AKID", "AWS_SECRET_ACCESS_KEY": "secret",
            "LAKE_KMS_KEY_ID": "alias/lake", "EXPORT_KMS_KEY_ID": "alias/export", "S3_EXPECTED_BUCKET_OWNER": "123456789012",
        ]
        let lake = try #require(
            try ObjectStoreFactory.make(url: "s3://northshire-lake/lake", environment: environment, logger: logger)
                as? S3ObjectStore)
        #expect(lake.bucket == "northshire-lake")
        #expect(lake.prefix == "lake/")
        #expect(lake.kmsKeyID == "alias/lake")
        #expect(lake.expectedBucketOwner == "123456789012")
        #expect(lake.locationDescription == "s3://northshire-lake/lake/")
        let export = try #require(
            try ObjectStoreFactory.make(
                url: "s3://northshire-exports", environment: environment, kmsKeyVariable: "EXPORT_KMS_KEY_ID",
                logger: logger) as? S3ObjectStore)
        #expect(export.kmsKeyID == "alias/export")
        #expect(export.prefix == "")
    }

    @Test func rejectsS3WithoutRegion() {
        #expect { _ = try ObjectStoreFactory.make(url: "s3://bucket/p", environment: [:], logger: logger) } throws: {
            ($0 as? ObjectStoreError)?.code == .invalidConfiguration
        }
    }
}
