import AWS
import Foundation
import Logging
import ObjectStore
import PipelineContracts
import PipelineRuntime
import PipelineTesting
import S3CopyIngest
import SFTPIngest
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// Issue #15, hostile input corpus, object names: Trust S3 keys and SFTP file names that try to escape a
/// prefix, carry control characters or are very long.
///
/// A hostile name never becomes a lake key outside the run's own prefix, never stops a listing, and either
/// is reported and left alone or fails the run with a code and a message naming it; the good file beside
/// it is ingested or the run fails as a whole, never half-committed.
@Suite(.serialized) struct HostileObjectNameTests {
    /// A hostile Trust object placed next to a good diagnostics file, and a fragment that identifies it.
    struct TrustObject: Sendable, CustomTestStringConvertible {
        var name: String
        var keySuffix: String
        var mention: String
        var testDescription: String { name }
    }

    static let trustObjects: [TrustObject] = [
        TrustObject(
            name: "dot-dot segments", keySuffix: "../../escape_diagnostic_orders.csv",
            mention: "escape_diagnostic_orders.csv"),
        TrustObject(
            name: "empty segment after the prefix", keySuffix: "/abs_diagnostic_orders.csv",
            mention: "abs_diagnostic_orders.csv"),
        TrustObject(name: "control characters", keySuffix: "ctl\u{01}\u{07}_diagnostic_orders.csv", mention: "ctl"),
        TrustObject(
            name: "a newline", keySuffix: "new\nline_diagnostic_orders.csv", mention: "line_diagnostic_orders.csv"),
        TrustObject(
            name: "a 900-byte name", keySuffix: String(repeating: "a", count: 900) + "_diagnostic_orders.csv",
            mention: String(repeating: "a", count: 40)),
        TrustObject(
            name: "percent-encoded traversal", keySuffix: "%2e%2e%2fescape_diagnostic_orders.csv",
            mention: "escape_diagnostic_orders.csv"),
        TrustObject(
            name: "backslash traversal", keySuffix: "..\\..\\escape_diagnostic_orders.csv",
            mention: "escape_diagnostic_orders.csv"),
        TrustObject(
            name: "non-ASCII name", keySuffix: "d\u{00FC}\u{0308}agn\u{202E}_diagnostic_orders.csv", mention: "agn"),
        TrustObject(
            name: "a nested folder reusing the good file's name", keySuffix: "nested/{D}_diagnostic_orders.csv",
            mention: "nested"),
    ]

    @Test(arguments: trustObjects)
    func hostileTrustObjectNeverEscapesTheRunPrefix(_ object: TrustObject) async throws {
        let figures = ReliabilityFigures(suite: "hostile-names/s3")
        defer { figures.report() }
        let stack = try LocalStackEnvironment.require("TRUST_BUCKET_URL", "S3_ENDPOINT_URL", "AWS_ACCESS_KEY_ID")
        let logger = Logger(label: "reliability")
        let client = try S3Client(environment: LocalStackEnvironment.current, logger: logger)
        let (bucket, root) = try Self.split(
            stack["TRUST_BUCKET_URL"]! + "/reliability-" + UUID().uuidString.prefix(8).lowercased())
        let day = try BusinessDate(iso: "2025-01-06")
        let folder = "\(root)diagnostics/export_date=\(day.compact)/"
        let good = TrustFileContent.diagnostics(rows: 10, day: day.description)
        _ = try await client.putObject(
            bucket: bucket, key: folder + "\(day.compact)_diagnostic_orders.csv", source: .bytes(good))
        let hostileKey = folder + object.keySuffix.replacingOccurrences(of: "{D}", with: day.compact)
        // The server must hold the key literally, or this case says nothing about the stage (moto refuses some).
        do {
            _ = try await client.putObject(bucket: bucket, key: hostileKey, source: .bytes(good))
        } catch {
            print(
                "hostile-names/s3 \(object.name): the S3 server refused the key (\(type(of: error))); case not counted")
            return
        }
        let listed = try await client.listAllObjects(bucket: bucket, prefix: root).map(\.key)
        guard listed.contains(hostileKey) else {
            print("hostile-names/s3 \(object.name): the S3 server did not store the key as sent; case not counted")
            return
        }
        figures.fault()

        let lake = try ReliabilityLake(prefix: "hostile-s3")
        var environment = LocalStackEnvironment.current
        environment["TRUST_BUCKET_URL"] = "s3://\(bucket)/\(root)"
        let settings = Settings(environment: environment)
        let trust = try LakeConnection.open(url: "s3://\(bucket)/\(root)", settings: settings, logger: logger)
        let job = S3CopyIngestJob(configuration: try S3CopyIngestConfiguration(settings: settings), trust: trust)
        let summary = await lake.run(job, dates: [day])
        let manifest = try #require(try await lake.latest(PipelineGraph.diagnosticsIngest, day))

        // Every lake key parses and lies under this date's Bronze; nothing landed beside the lake.
        for key in lake.filesOnDisk where !key.hasPrefix("_manifests/") {
            let parsed = try? LakeKey(parsing: key)
            #expect(
                figures.check(parsed != nil && key.hasPrefix("bronze/source=trust_s3/")),
                "unexpected lake key \(key.debugDescription)")
            #expect(
                figures.check(key.contains("/business_date=\(day)/run_id=")),
                "key outside the date's runs: \(key.debugDescription)")
        }
        let beside = (try? FileManager.default.contentsOfDirectory(atPath: lake.folder.path)) ?? []
        #expect(figures.check(Set(beside) == ["lake", "scratch", "work"]), "files appeared beside the lake: \(beside)")
        let findings = try await LakeInvariants(lake: lake.lake, rootOnDisk: lake.folder.file("lake")).check()
        #expect(figures.check(findings.problems.isEmpty), "\(findings.problems.prefix(5))")
        #expect(figures.check(StageLog(lines: lake.logs.captured).malformedLines == 0), "a log line is not JSON")

        let error = manifest.errors.first.map { "\($0.code): \($0.message.prefix(160).debugDescription)" } ?? ""
        print("hostile-names/s3 \(object.name): \(manifest.status.rawValue) \(error)")
        switch manifest.status {
        case .failed:
            // Refused as a whole: a code, a message naming the object, nothing committed.
            #expect(figures.check(summary.exitStatus == .failed))
            #expect(figures.check(manifest.outputs.isEmpty))
            let error = manifest.errors.first
            #expect(
                figures.check(error?.message.contains(object.mention) == true),
                "the error does not name the object: \(error.map { "\($0.code): \($0.message)" } ?? "none")")
        case .succeeded:
            // Taken: the good file is in; the hostile one was either copied under the run prefix or reported.
            #expect(figures.check(manifest.outputs(dataset: "diagnostics_orders").reduce(0) { $0 + $1.rows } >= 10))
            let copied = manifest.inputs.contains {
                $0.kind == "s3_object" && $0.key == String(hostileKey.dropFirst(root.count))
            }
            let reported = lake.logs.captured.contains { $0.contains("\"warning\"") && $0.contains(object.mention) }
            #expect(figures.check(copied || reported), "the hostile object was neither ingested nor reported")
        case .skipped:
            Issue.record("a published export was recorded as skipped")
            _ = figures.check(false)
        }
        #expect(figures.violations == 0)
    }

    /// A hostile SFTP drop entry: a name or a file type the feed must not take.
    @Test func hostileSFTPNamesAreNeverTakenAndNeverHangTheStage() async throws {
        let figures = ReliabilityFigures(suite: "hostile-names/sftp")
        defer { figures.report() }
        let drop = try SFTPDropFolder()
        defer { drop.remove() }
        let good = try BusinessDate(iso: "2025-03-30")
        let file = TrustFileContent.appointments((1...3).map { TrustFileContent.appointment($0, day: "2025-03-30") })
        try drop.write("20250330_appointments.csv", file)
        let names = [
            "20250331_appointments.csv\n", "\u{01}20250401_appointments.csv", "20250402_appointments.csv\u{07}",
            ".20250403_appointments.csv", "20250404_appointments.csv ",
            "\u{FF12}\u{FF10}\u{FF12}\u{FF15}0405_appointments.csv",
            String(repeating: "9", count: 230) + "_appointments.csv", "20250411_appointments.csv.part",
        ]
        for name in names {
            try drop.write(name, file)
            figures.fault()
        }
        // Links and a FIFO carrying a valid name: none is a regular file of the feed.
        try drop.link("20250406_appointments.csv", to: "../../../../etc/shadow")
        try drop.link("20250407_appointments.csv", to: "/etc/passwd")
        guard mkfifo(drop.localPath + "/20250408_appointments.csv", 0o644) == 0 else {
            Issue.record("mkfifo failed")
            return
        }
        figures.fault(3)

        let lake = try ReliabilityLake(prefix: "hostile-sftp")
        let configuration = try await SFTPIngestConfiguration(settings: Settings(environment: drop.environment))
        let job = SFTPIngestJob(configuration: configuration, logger: lake.logs.logger(stage: "sftp-ingest"))
        let published = try await job.publishedDates()
        #expect(figures.check(published == [good]), "published dates \(published)")
        let resumed = await lake.run(job)
        #expect(figures.check(resumed.succeeded.map(\.date) == [good] && resumed.exitStatus == .success), "\(resumed)")

        for day in ["2025-04-06", "2025-04-07", "2025-04-08"] {
            let date = try BusinessDate(iso: day)
            let started = ContinuousClock.now
            let summary = await lake.run(job, dates: [date])
            #expect(figures.check(ContinuousClock.now - started < .seconds(60)), "\(day): the stage hung")
            let manifest = try await lake.latest(PipelineGraph.appointmentsIngest, date)
            #expect(
                figures.check(manifest != nil && manifest?.status != .succeeded),
                "\(day): \(summary) \(manifest?.status.rawValue ?? "no manifest")")
            #expect(figures.check(manifest?.outputs.isEmpty ?? true), "\(day): outputs committed")
            if manifest?.status == .failed {
                #expect(
                    figures.check(manifest?.errors.first?.code == "source_not_a_file"),
                    "\(day): \(manifest?.errors ?? [])")
            }
        }
        for key in lake.filesOnDisk where !key.hasPrefix("_manifests/") {
            #expect(figures.check((try? LakeKey(parsing: key)) != nil), "unexpected lake key \(key.debugDescription)")
        }
        #expect(figures.check(StageLog(lines: lake.logs.captured).malformedLines == 0), "a log line is not JSON")
        #expect(figures.violations == 0)
    }

    /// `s3://bucket/prefix` → (bucket, "prefix/").
    static func split(_ url: String) throws -> (String, String) {
        let rest = url.dropFirst("s3://".count)
        guard url.hasPrefix("s3://"), let slash = rest.firstIndex(of: "/") else { return (String(rest), "") }
        return (String(rest[..<slash]), String(rest[rest.index(after: slash)...]) + "/")
    }
}
