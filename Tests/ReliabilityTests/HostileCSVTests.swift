import Foundation
import Parquet
import PipelineContracts
import PipelineRuntime
import PipelineTesting
import SFTPIngest
import Testing

/// Issue #15, hostile input corpus, CSV side: each file of ``HostileCSVCorpus`` is dropped on the real SFTP
/// server and ingested by sftp-ingest's job through the shared runner.
///
/// Whatever the case, nothing is lost: a taken file is kept byte for byte as `raw`, and every record is
/// either typed or in `rejects` with its line, column and reason; a refused file fails the run with a code
/// and a message naming the file, commits no outputs, and stays untouched in the drop. No log line carries
/// an NHS number from the file.
@Suite(.serialized) struct HostileCSVTests {
    static let day = try! BusinessDate(iso: "2025-03-30")
    static let node = PipelineGraph.appointmentsIngest

    @Test(arguments: HostileCSVCorpus.cases)
    func hostileAppointmentFileIsQuarantinedRowByRowOrRefusedByName(_ testCase: HostileCSVCase) async throws {
        let figures = ReliabilityFigures(suite: "hostile-csv")
        defer { figures.report() }
        let drop = try SFTPDropFolder()
        defer { drop.remove() }
        let lake = try ReliabilityLake(prefix: "hostile-csv")
        let name = "\(Self.day.compact)_appointments.csv"
        try drop.write(name, testCase.bytes)
        figures.fault()
        let configuration = try await SFTPIngestConfiguration(settings: Settings(environment: drop.environment))
        let job = SFTPIngestJob(configuration: configuration, logger: lake.logs.logger(stage: "sftp-ingest"))
        let summary = await lake.run(job, dates: [Self.day])
        let manifest = try #require(try await lake.latest(Self.node, Self.day), "no manifest for \(testCase.name)")

        let counts = ["rows_read", "rows_written", "rows_rejected"].map { Int(manifest.metrics[$0] ?? -1) }
        print(
            "hostile-csv \(testCase.name): \(manifest.status.rawValue) \(manifest.errors.first?.code ?? "") "
                + "read=\(counts[0]) typed=\(counts[1]) rejected=\(counts[2])"
        )
        switch testCase.expected {
        case .taken(let written, let rejects, let values):
            try await expectTaken(
                manifest, written: written, rejects: rejects, values: values, testCase: testCase, lake: lake,
                figures: figures)
        case .refused(let codes, let fragments):
            expectRefused(manifest, summary: summary, codes: codes, fragments: fragments, name: name, figures: figures)
        case .quarantinedOrRefused(let reject, let codes):
            if manifest.status == .failed {
                expectRefused(manifest, summary: summary, codes: codes, fragments: [], name: name, figures: figures)
            } else {
                let written = (manifest.metrics["rows_read"].map(Int.init) ?? 0) - 1
                try await expectTaken(
                    manifest, written: written, rejects: [reject], values: [], testCase: testCase, lake: lake,
                    figures: figures)
            }
        }
        // The source is never consumed or changed by ingest.
        let source = FileManager.default.contents(atPath: drop.localPath + "/" + name).map(Array.init) ?? []
        #expect(figures.check(source == testCase.bytes), "the drop file changed")
        // No NHS number from the file reaches a log line (the corpus uses the generated numbers of ids 1…999).
        let leaked = (1...999).map { TrustFileContent.validNHSNumber($0) }.filter { lake.logText.contains($0) }
        #expect(figures.check(leaked.isEmpty), "\(leaked.count) NHS number(s) of the file appear in the logs")
        #expect(figures.check(StageLog(lines: lake.logs.captured).malformedLines == 0), "a log line is not JSON")
    }

    private func expectTaken(
        _ manifest: RunManifest, written: Int, rejects: [HostileCSVCase.Reject], values: [HostileCSVCase.Value],
        testCase: HostileCSVCase, lake: ReliabilityLake, figures: ReliabilityFigures
    ) async throws {
        #expect(figures.check(manifest.status == .succeeded), "\(testCase.name): \(manifest.status) \(manifest.errors)")
        guard manifest.status == .succeeded else { return }
        // The raw file is kept exactly as it landed.
        let raw = try #require(manifest.outputs(dataset: "raw").first)
        let stored = try await lake.lake.get(key: raw.key)
        #expect(figures.check(stored == testCase.bytes), "raw copy differs from the delivered bytes")
        // Every record is accounted for.
        let read = Int(manifest.metrics["rows_read"] ?? -1)
        let typed = Int(manifest.metrics["rows_written"] ?? -1)
        let rejected = Int(manifest.metrics["rows_rejected"] ?? -1)
        #expect(figures.check(read == typed + rejected), "rows read \(read) ≠ typed \(typed) + rejected \(rejected)")
        #expect(figures.check(typed == written), "typed rows \(typed), expected \(written)")
        let rejectRows = try await lake.rows(manifest, dataset: "rejects")
        let found = (0..<(rejectRows?.rowCount ?? 0)).map { rejectRows!.row($0) }
        #expect(
            figures.check(found.map { $0[0].int64Value ?? -1 } == rejects.map { Int64($0.line) }),
            "rejected lines \(found.map { $0[0].int64Value ?? -1 }), expected \(rejects.map(\.line))")
        for (reject, row) in zip(rejects, found) {
            #expect(
                figures.check(row[1].stringValue == reject.column),
                "line \(reject.line): column \(row[1].stringValue ?? "nil")")
            let reason = row[2].stringValue ?? ""
            #expect(
                figures.check(!reason.isEmpty && (reject.reason.isEmpty || reason.contains(reject.reason))),
                "line \(reject.line): reason '\(reason)'")
            if let fragment = reject.rawContains {
                #expect(
                    figures.check(row[3].stringValue?.contains(fragment) == true),
                    "line \(reject.line): raw line lost data")
            }
        }
        // Values that are data, however hostile, reach typed Bronze unchanged.
        if !values.isEmpty {
            let batch = try #require(try await lake.rows(manifest, dataset: "appointments"))
            let ids = batch.column(named: "appointment_id") ?? []
            for value in values {
                let index = ids.firstIndex(of: .int64(value.id))
                let actual = index.flatMap { batch.column(named: value.column)?[$0] }
                #expect(
                    figures.check(actual == value.value), "appointment \(value.id).\(value.column) was altered or lost")
            }
        }
    }

    private func expectRefused(
        _ manifest: RunManifest, summary: StageRunner.Summary, codes: Set<String>, fragments: [String], name: String,
        figures: ReliabilityFigures
    ) {
        #expect(figures.check(summary.exitStatus == .failed), "exit \(summary.exitStatus)")
        #expect(figures.check(manifest.status == .failed), "status \(manifest.status)")
        let error = manifest.errors.first
        #expect(
            figures.check(error.map { codes.contains($0.code) } == true),
            "code \(error?.code ?? "none"), expected \(codes.sorted())")
        #expect(
            figures.check(error?.message.contains(name) == true),
            "the message does not name the file: \(error?.message ?? "")")
        for fragment in fragments {
            #expect(
                figures.check(error?.message.contains(fragment) == true),
                "the message lacks '\(fragment)': \(error?.message ?? "")")
        }
        #expect(figures.check(manifest.outputs.isEmpty), "a failed run lists outputs")
    }
}
