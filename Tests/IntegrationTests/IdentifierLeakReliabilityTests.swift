import Foundation
import Parquet
import PipelineContracts
import PipelineRuntime
import PipelineTesting
import Testing

/// Issue #15, "no secrets or identifiers in output": the whole graph runs end to end at debug log level, then
/// every stage fails once on purpose with its real credentials configured; every log line, `status` output,
/// manifest, error, data-quality result, pseudonymised/Silver/Gold file and export is searched for every NHS
/// number the sandbox's sources hold and every secret the sandbox used.
///
/// Bronze is the identifiable landing zone and `restricted/quarantine/` keeps rejected numbers for audit by
/// design (DOMAIN §3), so those two may hold NHS numbers — but quarantine never a valid one, and no file
/// anywhere a secret. Failure messages give counts and file names only.
@Suite(.serialized) struct IdentifierLeakReliabilityTests {
    /// Mod-11 validity after removing spaces and hyphens (REFERENCE §3.3), computed here independently.
    static func isValid(_ value: String) -> Bool {
        let digits = value.filter { $0 != " " && $0 != "-" }.compactMap { $0.isASCII ? $0.wholeNumberValue : nil }
        guard digits.count == 10, value.filter({ $0 != " " && $0 != "-" }).count == 10 else { return false }
        let remainder = 11 - zip(digits.prefix(9), (2...10).reversed()).reduce(0) { $0 + $1.0 * $1.1 } % 11
        return remainder != 10 && (remainder == 11 ? 0 : remainder) == digits[9]
    }

    /// Every secret the sandbox configured: database passwords, S3 secret keys, the HMAC key, the SFTP key.
    static func secrets(_ environment: [String: String]) -> [String] {
        var secrets: [String] = []
        for name in [
            "EHR_DATABASE_URL", "URGENT_CARE_DATABASE_URL", "TRUST_SIM_EHR_DATABASE_URL",
            "TRUST_SIM_URGENT_CARE_DATABASE_URL", "WAREHOUSE_URL",
        ] {
            if let password = environment[name].flatMap(URLComponents.init(string:))?.password {
                secrets.append(password)
            }
        }
        for name in ["AWS_SECRET_ACCESS_KEY", "S3_SIGNED_SECRET_ACCESS_KEY", "SFTP_PASSWORD", "PSEUDONYM_KEY"] {
            if let value = environment[name] { secrets.append(value) }
        }
        if let path = environment["PSEUDONYM_KEY_FILE"], let key = try? String(contentsOfFile: path, encoding: .utf8) {
            secrets.append(key.trimmingCharacters(in: .newlines))
        }
        if let path = environment["SFTP_PRIVATE_KEY_FILE"], let key = try? String(contentsOfFile: path, encoding: .utf8)
        {
            secrets += key.split(separator: "\n").map(String.init).filter { !$0.hasPrefix("-----") && $0.count >= 16 }
        }
        return secrets
    }

    /// Every regular file under `root`, relative paths.
    static func files(under root: String) -> [String] {
        (FileManager.default.enumerator(atPath: root)?.allObjects as? [String] ?? []).filter { name in
            var isDirectory: ObjCBool = false
            return FileManager.default.fileExists(atPath: root + "/" + name, isDirectory: &isDirectory)
                && !isDirectory.boolValue
        }.sorted()
    }

    @Test func noNHSNumberOrSecretAppearsInAnyLogManifestErrorOrExport() async throws {
        var sandbox = try PipelineSandbox(lake: .fileSystem)
        defer { sandbox.remove() }
        sandbox.environment["LOG_LEVEL"] = "debug"
        let backfill = try sandbox.run(
            "trust-sim", ["backfill"] + EndToEndTests.simulation + ["--hold-back-days", "1"])
        try #require(backfill.status == 0, "\(backfill.standardError.suffix(1000))")

        let recorded = try sandbox.sourceQuery(
            "ehr", "SELECT nhs_pseudo_id FROM patient_demographics WHERE nhs_pseudo_id IS NOT NULL"
        )
        .split(separator: "\n").map(String.init)
        let secrets = Self.secrets(sandbox.environment)
        let everything = IdentifierScanner(nhsNumbers: recorded, secrets: secrets)
        let validOnly = IdentifierScanner(nhsNumbers: recorded.filter(Self.isValid), secrets: secrets)
        try #require(
            everything.identifierCount > 100, "the sandbox seeded only \(everything.identifierCount) NHS numbers")
        try #require(
            everything.secretCount >= 4, "only \(everything.secretCount) secrets found in the sandbox environment")

        // Positive control: the scanner finds a planted number in text and in a compressed Parquet file.
        let planted = try #require(recorded.first { Self.isValid($0) })
        #expect(
            !everything.scan(text: Array("id=7 nhs \(planted) done".utf8)).isEmpty,
            "the scanner misses a number in text")
        let control = try TemporaryDirectory(prefix: "scanner-control")
        defer { control.remove() }
        let writer = try ParquetWriter(
            path: control.file("p.parquet"), schema: ParquetSchema([ParquetColumn("v", .string)]))
        try writer.write(rows: (0..<500).map { [.string($0 == 250 ? planted : "row \($0)")] })
        _ = try writer.close()
        let parquet = try Array(Data(contentsOf: URL(fileURLWithPath: control.file("p.parquet"))))
        #expect(!everything.scan(file: parquet, name: "control").isEmpty, "the scanner misses a number in Parquet")
        #expect(everything.scan(text: Array("key \(secrets[0]) end".utf8)).secrets == 1, "the scanner misses a secret")

        // The whole graph, then one deliberate failure per stage with the real credentials configured.
        var streams: [(String, String)] = []
        let results = try sandbox.runPipeline()
        #expect(
            results.count == 9 && results.allSatisfy { $0.1.status == 0 },
            "the pipeline stopped at \(results.last?.0 ?? "?")")
        for (stage, result) in results { streams.append((stage, result.standardError + result.standardOutput)) }
        let store = try sandbox.lake()
        let day = try #require(
            try await ManifestStore(lake: store).succeededDates(stage: .goldExporter, scope: "export").last)
        let ehr = sandbox.environment["EHR_DATABASE_URL"]!
        let warehouse = sandbox.environment["WAREHOUSE_URL"]!
        let failures: [(String, [String], [String: String])] = [
            (
                "postgres-ingest", ["run"],
                ["EHR_DATABASE_URL": PipelineSandbox.replacingDatabase(in: ehr, with: "no_such_database")]
            ),
            (
                "transform-runner", ["run", "--layer", "silver"],
                [
                    "WAREHOUSE_URL": warehouse.replacingOccurrences(
                        of: ":\(sandbox.environment["LOCAL_PG_PORT"] ?? "55432")/", with: ":1/")
                ]
            ),
            (
                "s3-copy-ingest", ["run"],
                ["TRUST_BUCKET_URL": "s3://no-such-bucket-\(sandbox.id)/x", "S3_MAX_ATTEMPTS": "2"]
            ),
            ("sftp-ingest", ["run"], ["SFTP_REMOTE_DIR": "/drop/no-such-folder-\(sandbox.id)"]),
            ("pseudonymiser", ["run"], ["LOG_LEVEL": "trace"]),
            ("dq-validator", ["run", "--layer", "gold"], ["DQ_SUITES_DIR": "/no/such/suites"]),
            (
                "gold-exporter", ["run"],
                ["EXPORT_URL": "s3://no-such-export-bucket-\(sandbox.id)/x", "S3_MAX_ATTEMPTS": "2"]
            ),
        ]
        for (executable, arguments, overrides) in failures {
            let result = try sandbox.run(
                executable, arguments + ["--date", day.description, "--force"], overrides: overrides)
            streams.append(("\(executable) (forced failure)", result.standardError + result.standardOutput))
        }
        for executable in ["gold-exporter", "postgres-ingest"] {
            for arguments in [["status"], ["status", "--json"]] {
                let result = try sandbox.run(executable, arguments)
                streams.append(
                    ("\(executable) \(arguments.joined(separator: " "))", result.standardOutput + result.standardError))
            }
        }

        // Search everything.
        var scanned = 0
        var exposed: [String] = []
        for (name, text) in streams {
            scanned += 1
            let hits = everything.scan(text: Array(text.utf8))
            if !hits.isEmpty {
                exposed.append("output of \(name): \(hits.identifiers) NHS number(s), \(hits.secrets) secret(s)")
            }
        }
        let roots = [("lake", sandbox.folder.file("lake")), ("export", sandbox.folder.file("exports"))]
        for (label, root) in roots {
            for file in Self.files(under: root) {
                scanned += 1
                let bytes = try Array(Data(contentsOf: URL(fileURLWithPath: root + "/" + file)))
                let hits = everything.scan(file: bytes, name: file)
                let identifiable = label == "lake" && file.hasPrefix("bronze/")
                let quarantine = label == "lake" && file.hasPrefix("restricted/quarantine/")
                let identifiers =
                    identifiable
                    ? 0 : quarantine ? validOnly.scan(file: bytes, name: file).identifiers : hits.identifiers
                if identifiers > 0 || hits.secrets > 0 {
                    let kind = quarantine ? "valid NHS number(s)" : "NHS number(s)"
                    exposed.append("\(label)/\(file): \(identifiers) \(kind), \(hits.secrets) secret(s)")
                }
            }
        }
        let faults = failures.count
        print("RELIABILITY suite=no-identifiers faults=\(faults) invariants=\(scanned) violations=\(exposed.count)")
        #expect(scanned > 50, "only \(scanned) files and streams were searched")
        #expect(exposed.isEmpty, "\(exposed.count) place(s) hold identifiers or secrets: \(exposed.prefix(10))")
    }
}
