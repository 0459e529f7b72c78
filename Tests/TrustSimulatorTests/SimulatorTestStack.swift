import Foundation
import Logging
import PipelineContracts
import PipelineTesting
import TrustSimulator

/// A private corner of the local stack for one test: two databases owned by trust_owner, an SFTP subfolder
/// and an S3 bucket (or a local folder standing in for it), all with a unique suffix and removed afterwards.
struct SimulatorTestStack {
    let suffix = UUID().uuidString.prefix(8).lowercased()
    let environment: [String: String]
    let bucketURL: String
    let usesS3: Bool
    let localBucket: String?

    var ehrDatabase: String { "ehr_simtest_\(suffix)" }
    var urgentDatabase: String { "urgent_care_simtest_\(suffix)" }
    var remoteDirectory: String { environment["SFTP_REMOTE_DIR"]! + "/simtest-\(suffix)" }
    var localDropDirectory: String { environment["LOCAL_SFTP_DROP_DIR"]! + "/simtest-\(suffix)" }
    var bucket: String { "simtest-\(suffix)" }

    init(s3: Bool) throws {
        environment = try LocalStackEnvironment.require(
            "TRUST_SIM_EHR_DATABASE_URL", "TRUST_SIM_URGENT_CARE_DATABASE_URL", "EHR_DATABASE_URL", "LOCAL_PG_ADMIN_SOCKET",
            "LOCAL_PG_PORT", "SFTP_HOST", "SFTP_PORT", "SFTP_USER", "SFTP_PRIVATE_KEY_FILE", "SFTP_KNOWN_HOSTS_FILE",
            "SFTP_REMOTE_DIR", "LOCAL_SFTP_DROP_DIR", "S3_ENDPOINT_URL", "AWS_REGION", "AWS_ACCESS_KEY_ID",
            "AWS_SECRET_ACCESS_KEY")
        usesS3 = s3
        if s3 {
            bucketURL = "s3://simtest-\(suffix)"
            localBucket = nil
        } else {
            let folder = NSTemporaryDirectory() + "/simtest-bucket-\(suffix)"
            bucketURL = "file://" + folder
            localBucket = folder
        }
        try admin("CREATE DATABASE \(ehrDatabase) OWNER trust_owner")
        try admin("CREATE DATABASE \(urgentDatabase) OWNER trust_owner")
        try FileManager.default.createDirectory(atPath: localDropDirectory, withIntermediateDirectories: true)
        let owner = try FileManager.default.attributesOfItem(atPath: environment["LOCAL_SFTP_DROP_DIR"]!)[.ownerAccountID] as! NSNumber
        try FileManager.default.setAttributes([.ownerAccountID: owner], ofItemAtPath: localDropDirectory)
        if s3 { try python("c.create_bucket(Bucket='\(bucket)', CreateBucketConfiguration={'LocationConstraint': '\(environment["AWS_REGION"]!)'})") }
    }

    /// A database URL with the same credentials as `url` but another database name.
    static func replacingDatabase(_ url: String, with name: String) -> String {
        let slash = url.range(of: "/", options: .backwards)!
        return String(url[..<slash.lowerBound]) + "/" + name
    }

    func configuration() -> TrustSimulatorConfiguration {
        var sftp = environment
        sftp["SFTP_REMOTE_DIR"] = remoteDirectory
        return TrustSimulatorConfiguration(
            ehrDatabaseURL: Self.replacingDatabase(environment["TRUST_SIM_EHR_DATABASE_URL"]!, with: ehrDatabase),
            urgentCareDatabaseURL: Self.replacingDatabase(environment["TRUST_SIM_URGENT_CARE_DATABASE_URL"]!, with: urgentDatabase),
            sftpEnvironment: sftp, sftpRemoteDirectory: remoteDirectory, trustBucketURL: bucketURL,
            storeEnvironment: LocalStackEnvironment.current)
    }

    /// A scalar result of `sql` run as the read-only pipeline role (proves the grants).
    func readerQuery(_ sql: String, database: String) throws -> String {
        let url = Self.replacingDatabase(environment["EHR_DATABASE_URL"]!, with: database)
        let result = try ProcessRunner.run("psql", [url, "-Atc", sql])
        guard result.status == 0 else { throw StackError("psql failed: \(result.standardError.prefix(300))") }
        return result.standardOutput.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// `ls -1` of the test's SFTP folder through the `sftp` CLI in batch mode.
    func sftpListing() throws -> [String] {
        let result = try ProcessRunner.run(
            "sftp",
            [
                "-b", "-", "-i", environment["SFTP_PRIVATE_KEY_FILE"]!, "-o", "UserKnownHostsFile=\(environment["SFTP_KNOWN_HOSTS_FILE"]!)",
                "-o", "BatchMode=yes", "-P", environment["SFTP_PORT"]!, "\(environment["SFTP_USER"]!)@\(environment["SFTP_HOST"]!)",
            ], input: "ls -1 \(remoteDirectory)\n")
        guard result.status == 0 else { throw StackError("sftp failed: \(result.standardError.prefix(300))") }
        return result.standardOutput.split(separator: "\n").map { String($0).trimmingCharacters(in: .whitespaces) }
            .filter { !$0.hasPrefix("sftp>") && !$0.isEmpty }.map { String($0.split(separator: "/").last!) }
    }

    /// Keys in the test bucket, read with boto3 (or the local folder standing in for it).
    func bucketKeys() throws -> [String] {
        if let localBucket {
            let walker = FileManager.default.enumerator(atPath: localBucket)!
            return walker.compactMap { $0 as? String }.filter { $0.hasSuffix(".csv") || $0.hasSuffix(".xlsx") }.sorted()
        }
        let output = try python("print('\\n'.join(o['Key'] for p in c.get_paginator('list_objects_v2').paginate(Bucket='\(bucket)') for o in p.get('Contents', [])))")
        return output.split(separator: "\n").map(String.init).sorted()
    }

    func remove() {
        for database in [ehrDatabase, urgentDatabase] {
            _ = try? admin("DROP DATABASE IF EXISTS \(database) WITH (FORCE)")
        }
        try? FileManager.default.removeItem(atPath: localDropDirectory)
        if let localBucket { try? FileManager.default.removeItem(atPath: localBucket) }
        if usesS3 {
            _ = try? python("""
                for p in c.get_paginator('list_objects_v2').paginate(Bucket='\(bucket)'):
                    for o in p.get('Contents', []): c.delete_object(Bucket='\(bucket)', Key=o['Key'])
                c.delete_bucket(Bucket='\(bucket)')
                """)
        }
    }

    @discardableResult
    private func admin(_ sql: String) throws -> String {
        let result = try ProcessRunner.run(
            "psql", ["-h", environment["LOCAL_PG_ADMIN_SOCKET"]!, "-p", environment["LOCAL_PG_PORT"]!, "-U", "postgres", "-Atc", sql])
        guard result.status == 0 else { throw StackError("admin psql failed: \(result.standardError.prefix(300))") }
        return result.standardOutput
    }

    @discardableResult
    private func python(_ body: String) throws -> String {
        let script = "import boto3, os\nc = boto3.client('s3', endpoint_url=os.environ['S3_ENDPOINT_URL'])\n" + body + "\n"
        let result = try ProcessRunner.run("python3", ["-c", script])
        guard result.status == 0 else { throw StackError("boto3 failed: \(result.standardError.suffix(300))") }
        return result.standardOutput
    }

    struct StackError: Error, CustomStringConvertible {
        let description: String
        init(_ description: String) { self.description = description }
    }
}
