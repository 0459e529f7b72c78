import Crypto
import Foundation
import Parquet
import PipelineContracts
import PipelineRuntime
import Pseudonymiser
import Testing

/// Issue #15, hostile input corpus, NHS numbers: every failure kind of DOMAIN §3 / REFERENCE §3.3, put through
/// the pseudonymiser stage as patients and as appointments of one Bronze day.
///
/// Expected: a valid number (after removing spaces and hyphens) becomes `patient_sk` = HMAC-SHA-256 of its ten
/// digits, computed here independently; every other value puts its patient row in quarantine with the stated
/// reason and no `patient_sk`; appointments all flow on, the invalid ones also copied to quarantine; no row is
/// lost; and no NHS number reaches a pseudonymised file, the key map, a manifest or a log line.
@Suite struct NHSNumberCorpusTests {
    static let day = try! BusinessDate(iso: "2025-02-10")
    static let keyBytes = Array("reliability-key-0123456789abcdef-0123456789".utf8)

    /// (what it is, the source value, the expected reason or nil for valid)
    static let corpus: [(name: String, value: String?, reason: String?)] = [
        ("valid", "9434765919", nil), ("valid with leading zero", "0123456789", nil),
        ("valid, spaced", "943 476 5919", nil),
        ("valid, hyphenated", "943-476-5919", nil), ("valid, padded", " 9434765919 ", nil),
        // Every digit the same: Mod-11 accepts them all and the reference has no extra rule, so neither do we.
        ("all zeros", "0000000000", nil), ("all sevens", "7777777777", nil),
        ("null", nil, "missing"), ("empty", "", "missing"), ("only spaces", "   ", "missing"),
        ("only hyphens", "--", "missing"),
        ("nine digits", "943476591", "invalid_format"), ("eleven digits", "94347659190", "invalid_format"),
        ("10 000 digits", String(repeating: "9", count: 10_000), "invalid_format"),
        ("a letter", "943476591X", "invalid_format"), ("letter O for zero", "O123456789", "invalid_format"),
        ("dots", "943.476.5919", "invalid_format"), ("plus sign", "+9434765919", "invalid_format"),
        ("formula prefix", "=9434765919", "invalid_format"), ("trailing newline", "9434765919\n", "invalid_format"),
        ("tab", "\t9434765919", "invalid_format"), ("NUL", "943476\u{0}5919", "invalid_format"),
        (
            "full-width digits", "\u{FF19}\u{FF14}\u{FF13}\u{FF14}\u{FF17}\u{FF16}\u{FF15}\u{FF19}\u{FF11}\u{FF19}",
            "invalid_format"
        ),
        (
            "Arabic-Indic digits", "\u{0669}\u{0664}\u{0663}\u{0664}\u{0667}\u{0666}\u{0665}\u{0669}\u{0661}\u{0669}",
            "invalid_format"
        ),
        ("check digit computes to 10", "1000000010", "mod11_invalid"),
        ("check digit 10, another stem", "1234567890", "mod11_invalid"),
        ("wrong check digit", "9434765910", "mod11_mismatch"),
        ("wrong check digit after a leading zero", "0123456780", "mod11_mismatch"),
        ("two digits swapped", "4934765919", "mod11_mismatch"),
    ]

    static let patientSchema = DownstreamStage.patientSchema
    static let appointmentSchema = ParquetSchema([
        ParquetColumn("appointment_id", .int64, nullable: false), ParquetColumn("patient_id", .int64, nullable: false),
        ParquetColumn("nhs_pseudo_id", .string), ParquetColumn("booking_status", .string),
    ])

    /// HMAC-SHA-256 of the ten digits, lower-case hex: DOMAIN §3's definition, independent of the stage's code.
    static func expectedSK(_ value: String) -> String {
        let digits = value.filter { $0 != " " && $0 != "-" }
        let mac = HMAC<SHA256>.authenticationCode(for: Array(digits.utf8), using: SymmetricKey(data: keyBytes))
        return Data(mac).map { String(format: "%02x", $0) }.joined()
    }

    @Test func everyNHSNumberFailureKindIsQuarantinedWithItsReasonAndValidOnesArePseudonymised() async throws {
        let figures = ReliabilityFigures(suite: "nhs-numbers")
        defer { figures.report() }
        let lake = try ReliabilityLake(prefix: "nhs-corpus")
        let patients = Self.corpus.enumerated().map { DownstreamStage.patient(Int64($0.offset + 1), $0.element.value) }
        let appointments = Self.corpus.enumerated().map { index, item -> [ParquetValue] in
            [
                .int64(Int64(1000 + index)), .int64(Int64(index + 1)), item.value.map(ParquetValue.string) ?? .null,
                .string("ATTENDED"),
            ]
        }
        let ehrRun = RunID.generate()
        let sftpRun = RunID.generate()
        let patientPart = try await lake.parquet(
            .bronze(source: "ehr", entity: "patient_demographics", date: Self.day, run: ehrRun),
            dataset: "patient_demographics",
            schema: Self.patientSchema, rows: patients)
        let appointmentPart = try await lake.parquet(
            .bronze(source: "sftp", entity: "appointments", date: Self.day, run: sftpRun), dataset: "appointments",
            schema: Self.appointmentSchema, rows: appointments)
        try await lake.commit(PipelineGraph.ehrIngest, date: Self.day, run: ehrRun, outputs: [patientPart])
        try await lake.commit(
            PipelineGraph.appointmentsIngest, date: Self.day, run: sftpRun, outputs: [appointmentPart])
        try await lake.commit(PipelineGraph.urgentCareIngest, date: Self.day)
        try await lake.commit(PipelineGraph.diagnosticsIngest, date: Self.day)
        figures.fault(Self.corpus.count)

        let job = PseudonymiserJob(
            configuration: PseudonymiserConfiguration(key: try PseudonymKey(bytes: Self.keyBytes)),
            logger: lake.logs.logger(stage: "pseudonymiser"))
        let summary = await lake.run(job, dates: [Self.day])
        #expect(figures.check(summary.exitStatus == .success), "\(lake.logs.captured.suffix(3))")
        let manifest = try #require(try await lake.latest(PipelineGraph.pseudonymise, Self.day))

        // Patients: valid ones pseudonymised with the independent HMAC, the rest quarantined with their reason.
        let valid = Self.corpus.enumerated().filter { $0.element.reason == nil }
        let pseudonymised = try #require(try await lake.rows(manifest, dataset: "patient_demographics"))
        let sks = (pseudonymised.column(named: "patient_sk") ?? []).compactMap(\.stringValue)
        #expect(
            figures.check(sks.sorted() == valid.map { Self.expectedSK($0.element.value!) }.sorted()),
            "patient_sk values differ from HMAC-SHA-256 of the digits")
        #expect(
            figures.check(
                pseudonymised.column(named: "nhs_pseudo_id") == nil && pseudonymised.column(named: "patient_id") == nil)
        )
        let quarantine = try #require(try await lake.rows(manifest, dataset: "quarantine_patient_demographics"))
        let reasons = Dictionary(
            uniqueKeysWithValues: zip(
                (quarantine.column(named: "patient_id") ?? []).compactMap(\.int64Value),
                (quarantine.column(named: "reason") ?? []).compactMap(\.stringValue)))
        for (index, item) in Self.corpus.enumerated() where item.reason != nil {
            #expect(
                figures.check(reasons[Int64(index + 1)] == item.reason),
                "\(item.name): quarantined as \(reasons[Int64(index + 1)] ?? "nothing")")
        }
        #expect(
            figures.check(reasons.count + sks.count == Self.corpus.count),
            "patients lost: \(Self.corpus.count - reasons.count - sks.count)")
        for reason in Set(Self.corpus.compactMap(\.reason)) {
            let expected = Double(Self.corpus.filter { $0.reason == reason }.count)
            #expect(
                figures.check(manifest.metrics["patient_demographics.quarantined.\(reason)"] == expected),
                "metric for \(reason)")
        }

        // Appointments: every row flows on; the invalid numbers are also quarantined with their reason.
        let flowing = try await lake.rows(manifest, dataset: "appointments")
        #expect(figures.check(flowing?.rowCount == Self.corpus.count), "appointments lost")
        let quarantinedAppointments = try await lake.rows(manifest, dataset: "quarantine_appointments")
        #expect(figures.check(quarantinedAppointments?.rowCount == Self.corpus.filter { $0.reason != nil }.count))

        // No NHS number, raw or normalised, outside Bronze and quarantine.
        let numbers = Set(Self.corpus.compactMap(\.value).map { $0.filter(\.isNumber) }.filter { $0.count == 10 })
        var exposed: [String] = []
        for output in manifest.outputs where !output.dataset.hasPrefix("quarantine_") {
            let batch = try ParquetReader(bytes: try await lake.lake.get(key: output.key), name: output.key).readAll()
            let text = batch.columns.flatMap { $0 }.compactMap(\.stringValue)
            if text.contains(where: { value in numbers.contains { value.contains($0) } }) { exposed.append(output.key) }
        }
        let manifestText = String(decoding: try ContractJSON.encode(manifest), as: UTF8.self)
        if numbers.contains(where: { manifestText.contains($0) }) { exposed.append("the manifest") }
        if numbers.contains(where: { lake.logText.contains($0) }) { exposed.append("the log") }
        #expect(figures.check(exposed.isEmpty), "NHS numbers exposed in \(exposed)")
        #expect(figures.violations == 0)
    }
}
