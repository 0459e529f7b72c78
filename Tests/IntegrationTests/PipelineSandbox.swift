import Foundation
import ObjectStore
import PipelineContracts
import PipelineRuntime
import PipelineTesting
import Testing

/// An isolated copy of the whole system for one end-to-end test: its own Trust databases, SFTP folder,
/// Trust bucket prefix, lake and export location, on the shared local stack.
struct PipelineSandbox {
    enum LakeKind: String, CaseIterable, Sendable { case fileSystem = "filesystem", s3 }

    let id: String
    let lakeKind: LakeKind
    let folder: TemporaryDirectory
    var environment: [String: String]

    init(lake lakeKind: LakeKind) throws {
        let stack = try LocalStackEnvironment.require(
            "TRUST_SIM_EHR_DATABASE_URL", "EHR_DATABASE_URL", "WAREHOUSE_URL", "LOCAL_PG_ADMIN_SOCKET", "LOCAL_PG_PORT",
            "LOCAL_SFTP_DROP_DIR", "SFTP_REMOTE_DIR", "TRUST_BUCKET_URL", "LAKE_S3_URL", "EXPORT_S3_URL", "SFTP_USER")
        id = "e2e" + UUID().uuidString.prefix(8).lowercased()
        self.lakeKind = lakeKind
        folder = try TemporaryDirectory(prefix: "northshire-e2e")
        var environment = LocalStackEnvironment.current
        for (database, variable, ownerVariable) in [("ehr", "EHR_DATABASE_URL", "TRUST_SIM_EHR_DATABASE_URL"),
                                                     ("urgent_care", "URGENT_CARE_DATABASE_URL", "TRUST_SIM_URGENT_CARE_DATABASE_URL")] {
            let name = "\(database)_\(id)"
            try Self.admin(stack, "CREATE DATABASE \(name) OWNER trust_owner")
            try Self.admin(stack, "GRANT CONNECT ON DATABASE \(name) TO pipeline_reader")
            environment[variable] = Self.replacingDatabase(in: environment[variable]!, with: name)
            environment[ownerVariable] = Self.replacingDatabase(in: environment[ownerVariable]!, with: name)
        }
        let drop = stack["LOCAL_SFTP_DROP_DIR"]! + "/" + id
        try FileManager.default.createDirectory(atPath: drop, withIntermediateDirectories: true)
        _ = try ProcessRunner.run("chown", [stack["SFTP_USER"]!, drop])
        environment["SFTP_REMOTE_DIR"] = stack["SFTP_REMOTE_DIR"]! + "/" + id
        environment["TRUST_BUCKET_URL"] = stack["TRUST_BUCKET_URL"]! + "/" + id
        switch lakeKind {
        case .fileSystem:
            environment["LAKE_URL"] = "file://" + folder.file("lake")
            environment["EXPORT_URL"] = "file://" + folder.file("exports")
        case .s3:
            environment["LAKE_URL"] = stack["LAKE_S3_URL"]! + "-" + id
            environment["EXPORT_URL"] = stack["EXPORT_S3_URL"]! + "-" + id
        }
        environment["ENVIRONMENT"] = "e2e"
        environment["LOG_LEVEL"] = "info"
        self.environment = environment
    }

    /// Drops the sandbox's databases and local folders (S3 prefixes are unique and left to the server's life).
    func remove() {
        let stack = LocalStackEnvironment.current
        for database in ["ehr", "urgent_care"] {
            try? Self.admin(stack, "DROP DATABASE IF EXISTS \(database)_\(id) WITH (FORCE)")
        }
        if let drop = stack["LOCAL_SFTP_DROP_DIR"] { try? FileManager.default.removeItem(atPath: drop + "/" + id) }
        folder.remove()
    }

    /// Runs a built executable with the sandbox environment.
    @discardableResult
    func run(_ executable: String, _ arguments: [String], overrides: [String: String] = [:]) throws -> ProcessRunner.Result {
        try ProcessRunner.run(
            try BuiltProducts.executable(executable), arguments, environment: environment.merging(overrides) { $1 },
            timeout: 600)
    }

    /// Every stage once, in graph order; returns the exit status of each.
    func runPipeline(overrides: [String: String] = [:]) throws -> [(String, ProcessRunner.Result)] {
        let stages: [(String, [String])] = [
            ("postgres-ingest", ["run"]), ("sftp-ingest", ["run"]), ("s3-copy-ingest", ["run"]), ("pseudonymiser", ["run"]),
            ("transform-runner", ["run", "--layer", "silver"]), ("dq-validator", ["run", "--layer", "silver"]),
            ("transform-runner", ["run", "--layer", "gold"]), ("dq-validator", ["run", "--layer", "gold"]),
            ("gold-exporter", ["run"]),
        ]
        var results: [(String, ProcessRunner.Result)] = []
        for (executable, arguments) in stages {
            let result = try run(executable, arguments, overrides: overrides)
            results.append(("\(executable) \(arguments.joined(separator: " "))", result))
            if result.status != 0 { break }
        }
        return results
    }

    func lake() throws -> any ObjectStore {
        try LakeConnection.lake(settings: Settings(environment: environment), logger: .init(label: "e2e"))
    }

    func exports() throws -> any ObjectStore {
        try LakeConnection.open(url: environment["EXPORT_URL"]!, settings: Settings(environment: environment), logger: .init(label: "e2e"))
    }

    /// Runs SQL on a sandbox source database as its owner and returns psql's unaligned output.
    func sourceQuery(_ database: String, _ sql: String) throws -> String {
        let url = environment[database == "ehr" ? "TRUST_SIM_EHR_DATABASE_URL" : "TRUST_SIM_URGENT_CARE_DATABASE_URL"]!
        let result = try ProcessRunner.run("psql", [url, "-X", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-c", sql])
        guard result.status == 0 else { throw SandboxError(message: "psql failed: \(result.standardError)") }
        return result.standardOutput.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    struct SandboxError: Error, CustomStringConvertible {
        let message: String
        var description: String { message }
    }

    static func admin(_ stack: [String: String], _ sql: String) throws {
        let result = try ProcessRunner.run(
            "psql", ["-X", "-q", "-h", stack["LOCAL_PG_ADMIN_SOCKET"]!, "-p", stack["LOCAL_PG_PORT"]!, "-U", "postgres", "-d", "postgres",
                     "-v", "ON_ERROR_STOP=1", "-c", sql])
        guard result.status == 0 else { throw SandboxError(message: "admin SQL failed: \(result.standardError)") }
    }

    static func replacingDatabase(in url: String, with database: String) -> String {
        guard let slash = url.range(of: "/", options: .backwards) else { return url }
        let tail = url[slash.upperBound...]
        let query = tail.firstIndex(of: "?").map { String(tail[$0...]) } ?? ""
        return url[..<slash.upperBound] + database + query
    }
}
