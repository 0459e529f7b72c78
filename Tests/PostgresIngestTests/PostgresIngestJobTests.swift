import Foundation
import Parquet
import PipelineContracts
import PipelineRuntime
import PipelineTesting
import Postgres
import PostgresIngest
import Testing

@Suite struct PostgresIngestJobTests {
    typealias Fixture = TrustSourceFixture

    @Test func releasedDayLandsInBronzeWithSourceTypesAndValues() async throws {
        let fixture = try await Fixture()
        defer { Task { await fixture.remove() } }
        try await fixture.seed()
        let summary = try await fixture.run(dates: [Fixture.dstDay], settings: ["POSTGRES_INGEST_SCOPES": "ehr"])
        #expect(summary.exitStatus == .success)
        #expect(summary.succeeded == [StageWorkItem(scope: "ehr", date: Fixture.dstDay)])

        let manifest = try #require(try await fixture.latestManifest("ehr", Fixture.dstDay))
        #expect(manifest.status == .succeeded)
        let expectedRows = ["patient_demographics": 1, "encounters": 3, "referrals": 1, "diagnoses": 1]
        #expect(Dictionary(uniqueKeysWithValues: manifest.outputs.map { ($0.dataset, $0.rows) }) == expectedRows)
        #expect(
            Set(manifest.inputs.map { "\($0.kind) \($0.table ?? "") \($0.rows ?? -1)" })
                == Set(expectedRows.map { "table ehr.\($0.key) \($0.value)" }))
        for output in manifest.outputs {
            let key = try LakeKey(parsing: output.key)
            #expect(key.area == .bronze(source: "ehr", entity: try LakeName(output.dataset), date: Fixture.dstDay, run: manifest.runID))
            #expect(key.file == "part-00000.parquet")
        }

        let encounters = try #require(manifest.outputs.first { $0.dataset == "encounters" })
        let reader = try ParquetReader(path: fixture.path(of: encounters.key))
        let types = Dictionary(uniqueKeysWithValues: reader.schema.columns.map { ($0.name, $0.type) })
        #expect(reader.schema.columns.map(\.name).first == "encounter_id")
        #expect(reader.schema.columns.count == 15)
        #expect(types["encounter_id"] == .int64)
        #expect(types["wait_time_days"] == .int32)
        #expect(types["was_attended"] == .boolean)
        #expect(types["priority"] == .string)
        #expect(types["encounter_datetime_start"] == .timestamp(unit: .microseconds, isAdjustedToUTC: false))
        #expect(reader.schema.columns.first { $0.name == "encounter_id" }?.isNullable == false)
        #expect(reader.schema.columns.first { $0.name == "clinician_id" }?.isNullable == true)

        let batch = try reader.readAll()
        let byID = Dictionary(
            uniqueKeysWithValues: (0..<batch.rowCount).map { (batch.row($0)[0].int64Value!, batch.row($0)) })
        #expect(byID.keys.sorted() == [11, 12, 13])
        let column = { (name: String) in reader.schema.index(of: name)! }
        // 00:30 is before the clocks go forward, 02:30 after: both stay wall-clock values.
        #expect(byID[11]![column("encounter_datetime_start")] == .timestamp(Fixture.dstDay.wallClockMicros(hour: 0, minute: 30)))
        #expect(byID[12]![column("encounter_datetime_start")] == .timestamp(Fixture.dstDay.wallClockMicros(hour: 2, minute: 30)))
        #expect(
            byID[13]![column("updated_at")]
                == .timestamp(Fixture.dstDay.wallClockMicros(hour: 23, minute: 59, second: 59, micros: 999_999)))
        #expect(byID[11]![column("clinician_id")] == .null)
        #expect(byID[11]![column("was_attended")] == .null)
        #expect(byID[11]![column("first_attendance_flag")] == .bool(false))
        #expect(byID[12]![column("primary_condition_code")] == .string("Ünï—😀"))
        #expect(byID[12]![column("wait_time_days")] == .int32(0))
        #expect(byID[13]![column("wait_time_days")] == .int32(12))

        let patients = try #require(manifest.outputs.first { $0.dataset == "patient_demographics" })
        let patientRows = try ParquetReader(path: fixture.path(of: patients.key))
        let patient = try patientRows.readAll().row(0)
        #expect(patientRows.schema.columns.first { $0.name == "nhs_pseudo_id" }?.type == .string)
        #expect(patient[patientRows.schema.index(of: "ethnicity_ons")!] == .string("Zoë – Ünïcødé 😀"))
        #expect(patient[patientRows.schema.index(of: "date_of_birth")!] == .date(Int32(try BusinessDate(iso: "2001-12-31").daysSinceEpoch)))
        #expect(patient[patientRows.schema.index(of: "registration_end_date")!] == .null)
        #expect(patient[patientRows.schema.index(of: "is_active")!] == .bool(true))
    }

    @Test func initialLoadTakesAllHistoryUpToTheCutOffDate() async throws {
        let fixture = try await Fixture()
        defer { Task { await fixture.remove() } }
        try await fixture.seed()
        let summary = try await fixture.run(dates: [Fixture.initialLoad])
        #expect(summary.succeeded.count == 2)
        let ehr = try #require(try await fixture.latestManifest("ehr", Fixture.initialLoad))
        #expect(
            Dictionary(uniqueKeysWithValues: ehr.outputs.map { ($0.dataset, $0.rows) })
                == ["patient_demographics": 2, "encounters": 1, "referrals": 1, "diagnoses": 1])
        #expect(ehr.metrics["initial_load"] == 1)
        let urgentCare = try #require(try await fixture.latestManifest("urgent_care", Fixture.initialLoad))
        #expect(urgentCare.outputs.map(\.dataset) == ["urgent_care_logs"])
        #expect(urgentCare.outputs.first?.key.hasPrefix("bronze/source=urgent_care/entity=urgent_care_logs/business_date=2024-03-30/") == true)
        let reader = try ParquetReader(path: fixture.path(of: urgentCare.outputs[0].key))
        let row = try reader.readAll().row(0)
        #expect(row[reader.schema.index(of: "uc_log_id")!] == .int64(41))
        #expect(row[reader.schema.index(of: "triage_datetime")!] == .null)
    }

    @Test func rerunIsAnIdempotentSkipAndForceWritesANewRun() async throws {
        let fixture = try await Fixture()
        defer { Task { await fixture.remove() } }
        try await fixture.seed()
        let first = try await fixture.run(dates: [Fixture.dstDay])
        #expect(first.succeeded.count == 2)
        let original = try #require(try await fixture.latestManifest("ehr", Fixture.dstDay))
        let originalBytes = try original.outputs.map { try Data(contentsOf: URL(fileURLWithPath: fixture.path(of: $0.key))) }

        let again = try await fixture.run(dates: [Fixture.dstDay])
        #expect(again.alreadyDone.count == 2)
        #expect(again.succeeded.isEmpty)
        #expect(try await fixture.manifests().runKeys(stage: .postgresIngest, scope: "ehr", date: Fixture.dstDay).count == 1)

        let forced = try await fixture.run(dates: [Fixture.dstDay], force: true)
        #expect(forced.succeeded.count == 2)
        let rerun = try #require(try await fixture.latestManifest("ehr", Fixture.dstDay))
        #expect(rerun.runID != original.runID)
        #expect(rerun.runID > original.runID)
        #expect(Set(rerun.outputs.map(\.key)).isDisjoint(with: original.outputs.map(\.key)))
        #expect(rerun.outputs.map(\.sha256).sorted() != [] && rerun.outputs.map(\.rows) == original.outputs.map(\.rows))
        for (output, bytes) in zip(original.outputs, originalBytes) {
            #expect(try Data(contentsOf: URL(fileURLWithPath: fixture.path(of: output.key))) == bytes)
        }
        #expect(try await fixture.manifests().runKeys(stage: .postgresIngest, scope: "ehr", date: Fixture.dstDay).count == 2)
    }

    @Test func unpublishedDateIsRecordedAsSkipped() async throws {
        let fixture = try await Fixture()
        defer { Task { await fixture.remove() } }
        try await fixture.seed()
        let summary = try await fixture.run(dates: [Fixture.unreleased], settings: ["POSTGRES_INGEST_SCOPES": "ehr"])
        #expect(summary.exitStatus == .success)
        #expect(summary.skipped == [StageWorkItem(scope: "ehr", date: Fixture.unreleased)])
        let manifest = try #require(try await fixture.latestManifest("ehr", Fixture.unreleased))
        #expect(manifest.status == .skipped)
        #expect(manifest.errors.map(\.message) == ["not yet published"])
        #expect(manifest.outputs.isEmpty)
        // Nothing was written to Bronze for the date.
        let bronze = try await fixture.store().listAll(prefix: "bronze/source=ehr/entity=encounters/business_date=2024-04-02/")
        #expect(bronze.isEmpty)

        let early = try await fixture.run(dates: [try BusinessDate(iso: "2024-03-01")], settings: ["POSTGRES_INGEST_SCOPES": "ehr"])
        #expect(early.skipped.count == 1)
        let covered = try #require(try await fixture.latestManifest("ehr", try BusinessDate(iso: "2024-03-01")))
        #expect(covered.errors.first?.message.contains("initial load of 2024-03-30") == true)
    }

    @Test func resumeIngestsEveryReleasedDateInOrderThenOnlyNewReleases() async throws {
        let fixture = try await Fixture()
        defer { Task { await fixture.remove() } }
        try await fixture.seed()
        let first = try await fixture.run(dates: nil)
        #expect(first.exitStatus == .success)
        #expect(
            first.succeeded.map { "\($0.date) \($0.scope)" } == [
                "2024-03-30 ehr", "2024-03-30 urgent_care", "2024-03-31 ehr", "2024-03-31 urgent_care",
                "2024-04-01 ehr", "2024-04-01 urgent_care",
            ])
        let nothing = try await fixture.run(dates: nil)
        #expect(nothing.succeeded.isEmpty && nothing.skipped.isEmpty && nothing.alreadyDone.isEmpty)

        try await fixture.releaseUnreleasedDay()
        let next = try await fixture.run(dates: nil)
        #expect(next.succeeded.map { "\($0.date) \($0.scope)" } == ["2024-04-02 ehr", "2024-04-02 urgent_care"])
        let manifest = try #require(try await fixture.latestManifest("ehr", Fixture.unreleased))
        #expect(manifest.outputs.first { $0.dataset == "encounters" }?.rows == 1)
        #expect(manifest.outputs.first { $0.dataset == "patient_demographics" }?.rows == 1)
    }

    @Test func zeroRowDaySucceedsWithValidZeroRowFiles() async throws {
        let fixture = try await Fixture()
        defer { Task { await fixture.remove() } }
        try await fixture.seed()
        let summary = try await fixture.run(dates: [Fixture.quietDay])
        #expect(summary.succeeded.count == 2)
        let manifest = try #require(try await fixture.latestManifest("ehr", Fixture.quietDay))
        #expect(manifest.outputs.count == 4)
        #expect(manifest.outputs.allSatisfy { $0.rows == 0 && $0.bytes > 0 && $0.sha256.count == 64 })
        #expect(manifest.inputs.allSatisfy { $0.rows == 0 })
        let referrals = try #require(manifest.outputs.first { $0.dataset == "referrals" })
        let reader = try ParquetReader(path: fixture.path(of: referrals.key))
        #expect(reader.rowCount == 0)
        #expect(reader.schema.columns.map(\.name).prefix(3) == ["referral_id", "patient_id", "source_provider_id"])
        #expect(reader.schema.columns.first { $0.name == "referral_datetime" }?.type == .timestamp(unit: .microseconds, isAdjustedToUTC: false))
    }

    @Test func largeTablesRollToNewPartFiles() async throws {
        let fixture = try await Fixture()
        defer { Task { await fixture.remove() } }
        try await fixture.seed()
        try await fixture.withDatabase(fixture.urgentCareDatabase) {
            try await $0.execute(
                """
                INSERT INTO urgent_care_logs (uc_log_id, patient_id, provider_id, arrival_datetime, updated_at)
                SELECT 1000 + g, g, 106, '2024-04-01 08:00', '2024-04-01 08:00'::timestamp + g * interval '1 second'
                  FROM generate_series(1, 25000) g
                """)
        }
        let summary = try await fixture.run(
            dates: [Fixture.quietDay], settings: ["POSTGRES_INGEST_SCOPES": "urgent_care", "POSTGRES_INGEST_ROWS_PER_FILE": "10000"])
        #expect(summary.succeeded.count == 1)
        let manifest = try #require(try await fixture.latestManifest("urgent_care", Fixture.quietDay))
        #expect(manifest.outputs.map(\.rows) == [10_000, 10_000, 5_000])
        #expect(manifest.outputs.map { $0.key.components(separatedBy: "/").last! } == [
            "part-00000.parquet", "part-00001.parquet", "part-00002.parquet",
        ])
        var ids: [Int64] = []
        for output in manifest.outputs {
            try ParquetReader(path: fixture.path(of: output.key)).forEachRow(columns: ["uc_log_id"]) { ids.append($0[0].int64Value!) }
        }
        #expect(ids.sorted() == (1..<25_001).map { Int64(1000 + $0) })
        #expect(manifest.inputs.first?.rows == 25_000)
    }

    @Test func unsupportedColumnTypeFailsNamingTableAndColumn() async throws {
        let fixture = try await Fixture()
        defer { Task { await fixture.remove() } }
        try await fixture.seed()
        try await fixture.withDatabase(fixture.ehrDatabase) {
            try await $0.execute("ALTER TABLE diagnoses ADD COLUMN severity_window interval")
        }
        let summary = try await fixture.run(dates: [Fixture.dstDay], settings: ["POSTGRES_INGEST_SCOPES": "ehr"])
        #expect(summary.exitStatus == .failed)
        let manifest = try #require(try await fixture.latestManifest("ehr", Fixture.dstDay))
        #expect(manifest.status == .failed)
        #expect(manifest.outputs.isEmpty)
        let error = try #require(manifest.errors.first)
        #expect(error.code == "unsupported_column_type")
        #expect(error.message.contains("diagnoses") && error.message.contains("severity_window") && error.message.contains("interval"))
    }

    @Test func sourceTypesMapToParquetTypes() async throws {
        let fixture = try await Fixture()
        defer { Task { await fixture.remove() } }
        try await fixture.seed()
        try await fixture.withDatabase(fixture.urgentCareDatabase) {
            try await $0.execute(
                """
                ALTER TABLE urgent_care_logs
                  ADD COLUMN small smallint, ADD COLUMN money_small numeric(7,2), ADD COLUMN money_big numeric(16,4),
                  ADD COLUMN money_huge numeric(30,3), ADD COLUMN loose numeric, ADD COLUMN ratio real,
                  ADD COLUMN score double precision, ADD COLUMN token uuid, ADD COLUMN doc jsonb, ADD COLUMN code char(4),
                  ADD COLUMN seen_utc timestamptz;
                UPDATE urgent_care_logs SET small = -7, money_small = -12345.67, money_big = 123456789012.3456,
                  money_huge = -123456789012345678901234567.891, loose = 0.000123456789012345678901,
                  ratio = 1.5, score = -2.25, token = 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11',
                  doc = '{"b": [1, 2], "a": "é"}', code = 'AB', seen_utc = '2024-03-31 01:30:00+00'
                 WHERE uc_log_id = 40;
                """)
        }
        let summary = try await fixture.run(dates: [Fixture.dstDay], settings: ["POSTGRES_INGEST_SCOPES": "urgent_care"])
        #expect(summary.succeeded.count == 1)
        let manifest = try #require(try await fixture.latestManifest("urgent_care", Fixture.dstDay))
        let reader = try ParquetReader(path: fixture.path(of: manifest.outputs[0].key))
        let types = Dictionary(uniqueKeysWithValues: reader.schema.columns.map { ($0.name, $0.type) })
        #expect(types["small"] == .int32)
        #expect(types["money_small"] == .decimal(precision: 7, scale: 2))
        #expect(types["money_big"] == .decimal(precision: 16, scale: 4))
        #expect(types["money_huge"] == .decimal(precision: 30, scale: 3))
        #expect(types["loose"] == .string)
        #expect(types["ratio"] == .float)
        #expect(types["score"] == .double)
        #expect(types["token"] == .string)
        #expect(types["doc"] == .string)
        #expect(types["seen_utc"] == .timestamp(unit: .microseconds, isAdjustedToUTC: true))
        let row = try reader.readAll().row(0)
        let value = { (name: String) in row[reader.schema.index(of: name)!] }
        #expect(value("small") == .int32(-7))
        #expect(value("money_small") == .decimal(-1_234_567))
        #expect(value("money_big") == .decimal(1_234_567_890_123_456))
        #expect(value("money_huge") == .decimal(-123_456_789_012_345_678_901_234_567_891))
        #expect(value("loose") == .string("0.000123456789012345678901"))
        #expect(value("ratio") == .float(1.5))
        #expect(value("score") == .double(-2.25))
        #expect(value("token") == .string("a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11"))
        #expect(value("doc") == .string(#"{"a": "é", "b": [1, 2]}"#))
        #expect(value("code") == .string("AB  "))
        // 01:30 UTC on 2024-03-31.
        #expect(value("seen_utc") == .timestamp(Fixture.dstDay.wallClockMicros(hour: 1, minute: 30)))
    }
}
