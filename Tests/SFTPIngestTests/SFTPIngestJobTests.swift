import Foundation
import Parquet
import PipelineContracts
import PipelineRuntime
import PipelineTesting
import SFTPIngest
import SourceFiles
import Testing

@Suite struct SFTPIngestJobTests {
    private let day = try! BusinessDate(iso: "2025-03-30")  // the day the clocks go forward: wall-clock stays as written

    private static let goodRows = [
        "101,1,0123456789,G81001,3,77,2025-03-30,2025-03-30,GP,F2F,ROUTINE,ATTENDED,2025-03-01 09:15:00,2025-03-02 10:00:00.5,29,3",
        "102,2,,\"G8,1002\",4,78,2025-03-30 01:30:00,2025-03-30 02:30:00,OP,VIDEO,URGENT,DNA,2025-03-10,2025-03-11,20,10",
        "103,3,9434765919,G81003,5,,2025-03-30,,OP,TELEPHONE,ROUTINE,CANCELLED,,,,",
    ]

    @Test func happyPathWritesRawTypedAndEmptyRejectsWithExactCountsAndSHA256() async throws {
        let harness = try SFTPIngestHarness()
        defer { harness.cleanUp() }
        let file = SFTPIngestHarness.csv(Self.goodRows)
        try await harness.drop(["20250330_appointments.csv": file])

        let summary = await harness.execute(try await harness.job(), dates: [day])
        #expect(summary.succeeded.count == 1 && summary.exitStatus == .success)

        let manifest = try #require(try await harness.manifests(day).last)
        #expect(manifest.status == .succeeded)
        let input = try #require(manifest.inputs.first { $0.kind == "sftp_file" })
        #expect(input.path == "\(harness.remoteFolder)/20250330_appointments.csv")
        #expect(input.size == file.count)
        let fileSHA = try SFTPIngestHarness.sha256(file)
        #expect(input.sha256 == fileSHA)
        #expect(manifest.metrics["rows_read"] == 3 && manifest.metrics["rows_written"] == 3 && manifest.metrics["rows_rejected"] == 0)

        let prefix = "bronze/source=sftp/entity=appointments/business_date=2025-03-30/run_id=\(manifest.runID)/"
        let byDataset = Dictionary(uniqueKeysWithValues: manifest.outputs.map { ($0.dataset, $0) })
        #expect(byDataset["raw"]?.key == prefix + "raw/20250330_appointments.csv")
        #expect(byDataset["appointments"]?.key == prefix + "part-00000.parquet")
        #expect(byDataset["rejects"]?.key == prefix + "rejects/part-00000.parquet")
        #expect(byDataset["raw"]?.sha256 == input.sha256, "Bronze keeps exactly the bytes that landed")
        #expect(try await harness.lake.get(key: prefix + "raw/20250330_appointments.csv") == file)
        #expect(byDataset["appointments"]?.rows == 3 && byDataset["rejects"]?.rows == 0)

        let rows = try await harness.rows(try #require(byDataset["appointments"]))
        #expect(rows.count == 3)
        #expect(rows[0][2] == .string("0123456789"), "NHS numbers stay text with their leading zero")
        #expect(rows[1][2] == .null && rows[1][3] == .string("G8,1002"))
        let midnight = Int64(CivilTime.days(year: 2025, month: 3, day: 30)) * 86_400_000_000
        #expect(rows[1][6] == .timestamp(midnight + 5_400_000_000), "01:30 wall clock is kept, not shifted")
        #expect(rows[0][13] == .timestamp(Int64(CivilTime.days(year: 2025, month: 3, day: 2)) * 86_400_000_000 + 36_000_500_000))
        #expect(rows[2][7] == .null && rows[2][14] == .null && rows[2][15] == .null)
        #expect(rows.map { $0[0] } == [.int64(101), .int64(102), .int64(103)])
        #expect(!harness.sink.captured.joined().contains("0123456789"), "NHS numbers never reach the logs")
    }

    @Test func malformedRowsAreQuarantinedWithReasonsWhileGoodRowsFlow() async throws {
        let harness = try SFTPIngestHarness()
        defer { harness.cleanUp() }
        let lines = Self.goodRows + [
            "abc,4,,G1,1,1,2025-03-30,,GP,F2F,ROUTINE,ATTENDED,,,1,1",
            "105,5,,G1,1,1,30/03/2025,,GP,F2F,ROUTINE,ATTENDED,,,1,1",
            "106,6,,G1,1,1",
            "107,7,,G1,1,1,2025-03-30,,GP,F2F,ROUTINE,ATTENDED,,,1.5,1",
        ]
        try await harness.drop(["20250330_appointments.csv": SFTPIngestHarness.csv(lines)])
        let summary = await harness.execute(try await harness.job(), dates: [day])
        #expect(summary.succeeded.count == 1)
        let manifest = try #require(try await harness.manifests(day).last)
        #expect(manifest.metrics["rows_read"] == 7 && manifest.metrics["rows_written"] == 3 && manifest.metrics["rows_rejected"] == 4)
        let rejects = try await harness.rows(try #require(manifest.outputs.first { $0.dataset == "rejects" }))
        #expect(rejects.map { $0[0] } == [.int64(5), .int64(6), .int64(7), .int64(8)])
        #expect(rejects.map { $0[1] } == [.string("appointment_id"), .string("appointment_start_datetime"), .null, .string("wait_time_days")])
        #expect(rejects[2][2] == .string("expected 16 fields, found 6"))
        #expect(rejects[2][3] == .string("106,6,,G1,1,1"))
        #expect(harness.sink.captured.contains { $0.contains("rows_rejected") })
    }

    @Test func headerOnlyFileSucceedsWithZeroRows() async throws {
        let harness = try SFTPIngestHarness()
        defer { harness.cleanUp() }
        try await harness.drop(["20250330_appointments.csv": SFTPIngestHarness.csv([])])
        let summary = await harness.execute(try await harness.job(), dates: [day])
        #expect(summary.succeeded.count == 1)
        let manifest = try #require(try await harness.manifests(day).last)
        #expect(manifest.status == .succeeded)
        #expect(manifest.outputs.map(\.rows) == [0, 0, 0])
        #expect(manifest.metrics["rows_read"] == 0)
        let typed = try #require(manifest.outputs.first { $0.dataset == "appointments" })
        let reader = try ParquetReader(bytes: try await harness.lake.get(key: typed.key), name: typed.key)
        #expect(reader.schema.columns.count == 16 && reader.rowCount == 0)
    }

    @Test func missingFileIsSkippedAsNotYetPublished() async throws {
        let harness = try SFTPIngestHarness()
        defer { harness.cleanUp() }
        try await harness.drop([:])
        let summary = await harness.execute(try await harness.job(), dates: [day])
        #expect(summary.skipped.count == 1 && summary.exitStatus == .success)
        let manifest = try #require(try await harness.manifests(day).last)
        #expect(manifest.status == .skipped)
        #expect(manifest.errors.first?.message.contains("not yet published") == true)
        #expect(manifest.outputs.isEmpty)
    }

    @Test func fileStillGrowingIsNotTakenUntilItSettles() async throws {
        let harness = try SFTPIngestHarness()
        defer { harness.cleanUp() }
        try await harness.drop(["20250330_appointments.csv": SFTPIngestHarness.csv(Self.goodRows)])
        let localFile = harness.localFolder + "/20250330_appointments.csv"
        // The Trust is still appending while the stage waits between its two stats.
        let growing = try await harness.job(
            ["SFTP_STABILITY_SECONDS": "1"],
            clock: GrowingFileClock(
                localFile: localFile, extraLine: Self.goodRows[0].replacingOccurrences(of: "101,", with: "199,")))
        let first = await harness.execute(growing, dates: [day])
        #expect(first.skipped.count == 1 && first.succeeded.isEmpty)
        #expect(try await harness.manifests(day).last?.errors.first?.message.contains("still being written") == true)

        // Once it stops changing, the next run takes it (a skipped manifest never counts as succeeded).
        let settled = await harness.execute(try await harness.job(["SFTP_STABILITY_SECONDS": "1"]), dates: [day])
        #expect(settled.succeeded.count == 1)
        #expect(try await harness.manifests(day).last?.metrics["rows_written"] == 4)
    }

    @Test func hostKeyMismatchFailsTheRunWithAClearMessage() async throws {
        let harness = try SFTPIngestHarness()
        defer { harness.cleanUp() }
        try await harness.drop(["20250330_appointments.csv": SFTPIngestHarness.csv(Self.goodRows)])
        let folder = try TemporaryDirectory(prefix: "kh")
        defer { folder.remove() }
        let clientKey = try String(contentsOfFile: harness.environment["SFTP_PRIVATE_KEY_FILE"]! + ".pub", encoding: .utf8)
        let wrongEntry = "[\(harness.environment["SFTP_HOST"]!)]:\(harness.environment["SFTP_PORT"]!) "
            + clientKey.split(separator: " ").prefix(2).joined(separator: " ")
        try (wrongEntry + "\n").write(toFile: folder.file("known_hosts"), atomically: true, encoding: .utf8)

        let summary = await harness.execute(
            try await harness.job(["SFTP_KNOWN_HOSTS_FILE": folder.file("known_hosts")]), dates: [day])
        #expect(summary.failed.count == 1 && summary.exitStatus == .failed)
        let manifest = try #require(try await harness.manifests(day).last)
        #expect(manifest.status == .failed)
        #expect(manifest.errors.first?.code == "sftp_host_key_mismatch")
        #expect(manifest.errors.first?.message.contains("does not match") == true)
    }

    @Test func insecureSkipIsLoggedAtWarningOnEveryRun() async throws {
        let harness = try SFTPIngestHarness()
        defer { harness.cleanUp() }
        try await harness.drop([:])
        _ = await harness.execute(
            try await harness.job(["SFTP_KNOWN_HOSTS_FILE": nil, "SFTP_INSECURE_SKIP_HOST_KEY_CHECK": "true"]), dates: [day])
        let warnings = harness.sink.captured.filter { $0.contains("\"warning\"") && $0.contains("host_key_check") }
        #expect(warnings.count >= 2, "once when the job starts, once per connection")
    }

    @Test func rerunIsAnIdempotentSkipAndForcedRedeliveryKeepsBothFingerprints() async throws {
        let harness = try SFTPIngestHarness()
        defer { harness.cleanUp() }
        let original = SFTPIngestHarness.csv(Self.goodRows)
        try await harness.drop(["20250330_appointments.csv": original])
        #expect(await harness.execute(try await harness.job(), dates: [day]).succeeded.count == 1)
        let again = await harness.execute(try await harness.job(), dates: [day])
        #expect(again.alreadyDone.count == 1 && again.succeeded.isEmpty)
        #expect(try await harness.manifests(day).count == 1, "an idempotent skip writes no manifest")

        let corrected = SFTPIngestHarness.csv(Array(Self.goodRows.prefix(2)))
        try await harness.drop(["20250330_appointments.csv": corrected])
        let forced = await harness.execute(try await harness.job(), dates: [day], force: true)
        #expect(forced.succeeded.count == 1)
        let manifests = try await harness.manifests(day)
        #expect(manifests.count == 2)
        let latest = try #require(manifests.last)
        let correctedSHA = try SFTPIngestHarness.sha256(corrected)
        #expect(latest.inputs.first { $0.kind == "sftp_file" }?.sha256 == correctedSHA)
        let previous = try #require(latest.inputs.first { $0.kind == "manifest" })
        let originalSHA = try SFTPIngestHarness.sha256(original)
        #expect(previous.runID == manifests[0].runID && previous.sha256 == originalSHA)
        #expect(latest.metrics["redelivered"] == 1)
        #expect(harness.sink.captured.contains { $0.contains("sftp_file_redelivered") && $0.contains("\"warning\"") })
        // The first delivery is still in the lake, untouched.
        let firstRaw = try #require(manifests[0].outputs.first { $0.dataset == "raw" })
        #expect(try await harness.lake.get(key: firstRaw.key) == original)
    }

    @Test func resumeTakesEveryPublishedDateAfterTheLatestSucceededInOrder() async throws {
        let harness = try SFTPIngestHarness()
        defer { harness.cleanUp() }
        let dates = try ["2025-01-01", "2025-01-02", "2025-01-04"].map { try BusinessDate(iso: $0) }
        var files: [String: [UInt8]] = [:]
        for date in dates { files["\(date.compact)_appointments.csv"] = SFTPIngestHarness.csv(Self.goodRows) }
        files["notes.txt"] = Array("ignored".utf8)
        try await harness.drop(files)
        try await harness.dropDirectory(named: "20250105_appointments.csv")

        #expect(await harness.execute(try await harness.job(), dates: [dates[0]]).succeeded.count == 1)
        let job = try await harness.job()
        #expect(try await job.publishedDates() == dates, "directories and other names are not files of the feed")
        let resumed = await harness.execute(job)
        #expect(resumed.succeeded.map(\.date) == [dates[1], dates[2]])
        #expect(await harness.execute(try await harness.job()).succeeded.isEmpty, "nothing newer is left")
    }

    @Test func wrongHeaderOrNonCSVFailsNamingTheFileAndColumn() async throws {
        let harness = try SFTPIngestHarness()
        defer { harness.cleanUp() }
        let renamed = SFTPIngestHarness.header.replacingOccurrences(of: "booking_status", with: "status")
        try await harness.drop([
            "20250330_appointments.csv": Array((renamed + "\n").utf8),
            "20250331_appointments.csv": [0x50, 0x4B, 0x03, 0x04, 0x00, 0x01, 0x02],
        ])
        let wrongHeader = await harness.execute(try await harness.job(), dates: [day])
        #expect(wrongHeader.failed.count == 1 && wrongHeader.exitStatus == .failed)
        let error = try #require(try await harness.manifests(day).last?.errors.first)
        #expect(error.code == "source_header_mismatch")
        #expect(error.message.contains("20250330_appointments.csv") && error.message.contains("status"))

        let nextDay = day.adding(days: 1)
        let binary = await harness.execute(try await harness.job(), dates: [nextDay])
        #expect(binary.failed.count == 1)
        let binaryError = try #require(try await harness.manifests(nextDay).last?.errors.first)
        #expect(binaryError.code == "source_not_csv" && binaryError.message.contains("20250331_appointments.csv"))
    }

    @Test func configurationNamesWhatIsMissing() async throws {
        let harness = try SFTPIngestHarness()
        defer { harness.cleanUp() }
        await #expect(throws: StageError.self) { try await harness.job(["SFTP_REMOTE_DIR": nil]) }
        let noTrust = await #expect(throws: StageError.self) { try await harness.job(["SFTP_KNOWN_HOSTS_FILE": nil]) }
        #expect(noTrust?.kind == .configuration && noTrust?.message.contains("SFTP_KNOWN_HOSTS_FILE") == true)
        await #expect(throws: StageError.self) { try await harness.job(["SFTP_FILE_PATTERN": "appointments.csv"]) }
        let custom = try AppointmentFileName(pattern: "appts_{YYYYMMDD}.CSV")
        #expect(custom.name(for: day) == "appts_20250330.CSV")
        #expect(custom.date(of: "appts_20250330.CSV") == day && custom.date(of: "appts_2025033.CSV") == nil)
    }
}
