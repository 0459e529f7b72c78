import Foundation
import Logging
import ObjectStore
import PipelineContracts
import PipelineRuntime
import PipelineTesting
import Postgres
import PostgresIngest

/// Freshly created source databases (`ehr_test_<random>`, `uc_test_<random>`) with the REFERENCE §1.5.2
/// tables and `release_watermark`, plus a file-system lake in a temporary folder. Call ``remove()`` at the end.
struct TrustSourceFixture {
    let adminURL: String
    let ehrDatabase: String
    let urgentCareDatabase: String
    let lake: TemporaryDirectory
    let logger = Logger(label: "postgres-ingest-tests")

    /// Databases on the local stack's PostgreSQL, or on the server at `adminURL` (a superuser conninfo ending in
    /// `dbname=postgres`).
    init(adminURL custom: String? = nil) async throws {
        if let custom {
            adminURL = custom
        } else {
            let variables = try LocalStackEnvironment.require("LOCAL_PG_ADMIN_SOCKET", "LOCAL_PG_PORT")
            adminURL = "host=\(variables["LOCAL_PG_ADMIN_SOCKET"]!) port=\(variables["LOCAL_PG_PORT"]!) user=postgres dbname=postgres"
        }
        let suffix = UUID().uuidString.prefix(8).lowercased()
        ehrDatabase = "ehr_test_\(suffix)"
        urgentCareDatabase = "uc_test_\(suffix)"
        lake = try TemporaryDirectory(prefix: "postgres-ingest-lake")
        let admin = try await PostgresConnection.connect(url: adminURL, logger: logger)
        try await admin.execute("CREATE DATABASE \(SQLIdentifier.quote(ehrDatabase))")
        try await admin.execute("CREATE DATABASE \(SQLIdentifier.quote(urgentCareDatabase))")
        await admin.close()
        try await withDatabase(ehrDatabase) { try await $0.execute(Self.ehrDDL + Self.watermarkDDL) }
        try await withDatabase(urgentCareDatabase) { try await $0.execute(Self.urgentCareDDL + Self.watermarkDDL) }
    }

    func url(_ database: String) -> String {
        adminURL.replacingOccurrences(of: "dbname=postgres", with: "dbname=\(database)")
    }

    /// Runs `body` as superuser on `database`.
    func withDatabase<T>(_ database: String, _ body: (PostgresConnection) async throws -> T) async throws -> T {
        try await PostgresConnection.withConnection(url: url(database), logger: logger, body)
    }

    func remove() async {
        if let admin = try? await PostgresConnection.connect(url: adminURL, logger: logger) {
            for database in [ehrDatabase, urgentCareDatabase] {
                try? await admin.execute("DROP DATABASE IF EXISTS \(SQLIdentifier.quote(database)) WITH (FORCE)")
            }
            await admin.close()
        }
        lake.remove()
    }

    // MARK: - Running the stage

    /// Settings for both scopes against the fixture databases.
    func settings(_ extra: [String: String] = [:]) -> Settings {
        Settings(
            environment: [
                "EHR_DATABASE_URL": url(ehrDatabase), "URGENT_CARE_DATABASE_URL": url(urgentCareDatabase),
                "POSTGRES_INGEST_RETRY_DELAY_MS": "10",
            ], overrides: extra)
    }

    func store() throws -> FileSystemObjectStore { try FileSystemObjectStore(root: lake.path + "/lake") }

    /// Runs `postgres-ingest` through the shared ``StageRunner``.
    func run(dates: [BusinessDate]?, force: Bool = false, settings extra: [String: String] = [:]) async throws
        -> StageRunner.Summary
    {
        let settings = settings(extra)
        let job = PostgresIngestJob(configuration: try PostgresIngestConfiguration(settings: settings), logger: logger)
        let runner = StageRunner(
            lake: try store(), settings: settings, logger: logger,
            options: StageRunner.Options(dates: dates, force: force), scratchRoot: lake.path + "/scratch")
        return await runner.execute(job)
    }

    func manifests() throws -> ManifestStore { ManifestStore(lake: try store()) }

    /// The latest manifest of a scope and date.
    func latestManifest(_ scope: LakeName, _ date: BusinessDate) async throws -> RunManifest? {
        if case .manifest(let manifest) = try await manifests().latest(stage: .postgresIngest, scope: scope, date: date) {
            return manifest
        }
        return nil
    }

    /// Local path of a lake key.
    func path(of key: String) -> String { lake.path + "/lake/" + key }

    // MARK: - DDL (REFERENCE.md §1.5.2) and the release-watermark contract

    static let watermarkDDL = """
        CREATE TABLE release_watermark (
            business_date date PRIMARY KEY,
            released_at timestamptz NOT NULL DEFAULT now(),
            is_initial_load boolean NOT NULL DEFAULT false);
        """

    static let ehrDDL = """
        CREATE TABLE patient_demographics (
            patient_id BIGINT PRIMARY KEY,
            nhs_pseudo_id VARCHAR(32) NOT NULL UNIQUE,
            date_of_birth DATE NOT NULL,
            age INT,
            age_band VARCHAR(16),
            sex VARCHAR(16),
            ethnicity_ons VARCHAR(64),
            imd_decile INT CHECK (imd_decile BETWEEN 1 AND 10),
            chronic_conditions_count INT CHECK (chronic_conditions_count >= 0),
            lsoa_code VARCHAR(16),
            postcode_sector VARCHAR(16),
            registered_gp_practice_id VARCHAR(32),
            registration_start_date DATE,
            registration_end_date DATE,
            is_active BOOLEAN NOT NULL DEFAULT TRUE,
            updated_at TIMESTAMP NOT NULL DEFAULT NOW());
        CREATE TABLE encounters (
            encounter_id BIGINT PRIMARY KEY,
            patient_id BIGINT NOT NULL REFERENCES patient_demographics,
            provider_id BIGINT NOT NULL,
            encounter_datetime_start TIMESTAMP NOT NULL,
            encounter_datetime_end TIMESTAMP NOT NULL CHECK (encounter_datetime_end >= encounter_datetime_start),
            encounter_type VARCHAR(32),
            source_system VARCHAR(32),
            clinician_id BIGINT,
            priority VARCHAR(16),
            was_attended BOOLEAN,
            first_attendance_flag BOOLEAN,
            primary_condition_code VARCHAR(32),
            wait_time_days INT CHECK (wait_time_days IS NULL OR wait_time_days >= 0),
            created_at TIMESTAMP NOT NULL DEFAULT NOW(),
            updated_at TIMESTAMP NOT NULL DEFAULT NOW());
        CREATE TABLE referrals (
            referral_id BIGINT PRIMARY KEY,
            patient_id BIGINT NOT NULL REFERENCES patient_demographics,
            source_provider_id BIGINT NOT NULL,
            target_provider_id BIGINT NOT NULL,
            referral_datetime TIMESTAMP NOT NULL,
            referral_type VARCHAR(32),
            referral_specialty VARCHAR(64),
            status VARCHAR(16),
            created_at TIMESTAMP NOT NULL DEFAULT NOW(),
            updated_at TIMESTAMP NOT NULL DEFAULT NOW());
        CREATE TABLE diagnoses (
            diagnosis_id BIGSERIAL PRIMARY KEY,
            patient_id BIGINT NOT NULL REFERENCES patient_demographics,
            encounter_id BIGINT REFERENCES encounters,
            diagnosis_code VARCHAR(32) NOT NULL,
            diagnosis_desc VARCHAR(255),
            diagnosis_type VARCHAR(32),
            coded_datetime TIMESTAMP,
            clinical_datetime TIMESTAMP,
            source_system VARCHAR(32) DEFAULT 'EHR',
            created_at TIMESTAMP NOT NULL DEFAULT NOW(),
            updated_at TIMESTAMP NOT NULL DEFAULT NOW());
        """

    static let urgentCareDDL = """
        CREATE TABLE urgent_care_logs (
            uc_log_id BIGINT PRIMARY KEY,
            patient_id BIGINT NOT NULL,
            provider_id BIGINT NOT NULL,
            encounter_id BIGINT,
            arrival_datetime TIMESTAMP NOT NULL,
            triage_datetime TIMESTAMP CHECK (triage_datetime >= arrival_datetime),
            seen_by_clinician_datetime TIMESTAMP CHECK (seen_by_clinician_datetime >= arrival_datetime),
            departure_datetime TIMESTAMP CHECK (departure_datetime >= arrival_datetime),
            triage_category VARCHAR(16),
            presenting_complaint VARCHAR(128),
            outcome VARCHAR(32),
            source_system VARCHAR(32) NOT NULL DEFAULT 'URGENT_CARE',
            created_at TIMESTAMP NOT NULL DEFAULT NOW(),
            updated_at TIMESTAMP NOT NULL DEFAULT NOW());
        """

    // MARK: - Seed data

    /// The releases seeded by ``seed()``: the initial load on 2024-03-30 (all history), the DST-change day
    /// 2024-03-31 and an empty day 2024-04-01. Rows for 2024-04-02 exist but that date is not released.
    static let initialLoad = try! BusinessDate(iso: "2024-03-30")
    static let dstDay = try! BusinessDate(iso: "2024-03-31")
    static let quietDay = try! BusinessDate(iso: "2024-04-01")
    static let unreleased = try! BusinessDate(iso: "2024-04-02")

    func seed() async throws {
        try await withDatabase(ehrDatabase) { connection in
            try await connection.execute(
                """
                INSERT INTO patient_demographics VALUES
                  (1, '0123456789', '1950-06-01', 73, '70-79', 'F', 'White British', 3, 2, 'E01000001', 'NS1 1', 'P84001',
                   '2001-01-01', NULL, true, '2023-05-01 09:00:00'),
                  (2, '9434765919', '1988-02-29', 36, '30-39', 'M', NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, true,
                   '2024-03-30 23:59:59.999999'),
                  (3, '4010232137', '2001-12-31', 22, '18-29', 'Other/Unknown', 'Zoë – Ünïcødé 😀', 10, 0, 'E01000002',
                   'NS2 2', 'P84002', '2024-03-31', NULL, true, '2024-03-31 01:30:00'),
                  (4, '5555555555', '1970-01-01', 54, '50-59', 'F', 'Irish', 5, 1, NULL, NULL, NULL, NULL, '2024-04-02',
                   false, '2024-04-02 10:00:00');
                INSERT INTO encounters VALUES
                  (10, 1, 101, '2024-03-01 00:00:00', '2024-03-01 00:00:00', 'GP', 'EHR', 7, 'ROUTINE', true, true,
                   'J45', 3, '2024-03-01 08:00:00', '2024-03-01 08:00:00'),
                  (11, 2, 102, '2024-03-31 00:30:00', '2024-03-31 03:15:00', 'ED', 'URGENT_CARE', NULL, 'EMERGENCY',
                   NULL, false, NULL, NULL, '2024-03-31 00:30:00', '2024-03-31 00:30:00'),
                  (12, 3, 103, '2024-03-31 02:30:00', '2024-03-31 04:00:00', 'OP', 'EHR', 9, 'URGENT', false, NULL,
                   'Ünï—😀', 0, '2024-03-31 02:30:00', '2024-03-31 02:30:00'),
                  (13, 3, 103, '2024-03-31 23:00:00', '2024-03-31 23:30:00', 'OP', 'EHR', 9, 'ROUTINE', true, false,
                   'R69', 12, '2024-03-31 23:00:00', '2024-03-31 23:59:59.999999'),
                  (14, 1, 101, '2024-04-02 09:00:00', '2024-04-02 09:30:00', 'GP', 'EHR', 7, 'ROUTINE', true, false,
                   'J45', 1, '2024-04-02 09:00:00', '2024-04-02 09:00:00');
                INSERT INTO referrals VALUES
                  (20, 1, 101, 201, '2024-02-01 00:00:00', 'ROUTINE', 'Cardiology', 'OPEN', '2024-02-01', '2024-02-01'),
                  (21, 2, 102, 202, '2024-03-31 00:00:00', 'URGENT', 'Dermatology', 'OPEN', '2024-03-31', '2024-03-31 12:00:00');
                INSERT INTO diagnoses (diagnosis_id, patient_id, encounter_id, diagnosis_code, diagnosis_desc, diagnosis_type,
                  coded_datetime, clinical_datetime, created_at, updated_at) VALUES
                  (30, 1, 10, 'J45', 'Asthma', 'PRIMARY', '2024-03-01 10:00', '2024-03-01 09:00', '2024-03-01', '2024-03-01 10:00'),
                  (31, 3, 12, 'R69', NULL, 'SECONDARY', NULL, NULL, '2024-03-31', '2024-03-31 05:00');
                INSERT INTO release_watermark (business_date, released_at, is_initial_load) VALUES
                  ('2024-03-30', '2024-03-31 06:00+00', true),
                  ('2024-03-31', '2024-04-01 06:00+00', false),
                  ('2024-04-01', '2024-04-02 06:00+00', false);
                """)
        }
        try await withDatabase(urgentCareDatabase) { connection in
            try await connection.execute(
                """
                INSERT INTO urgent_care_logs VALUES
                  (40, 2, 106, 11, '2024-03-31 00:30:00', '2024-03-31 00:45:00', '2024-03-31 03:05:00', NULL, 'Cat 2',
                   'Chest pain', 'ADMITTED', 'URGENT_CARE', '2024-03-31 00:30:00', '2024-03-31 03:05:00'),
                  (41, 5, 107, NULL, '2024-03-29 22:00:00', NULL, NULL, NULL, NULL, NULL, 'LEFT_BEFORE_SEEN',
                   'URGENT_CARE', '2024-03-29 22:00:00', '2024-03-29 23:00:00');
                INSERT INTO release_watermark (business_date, released_at, is_initial_load) VALUES
                  ('2024-03-30', '2024-03-31 06:00+00', true),
                  ('2024-03-31', '2024-04-01 06:00+00', false),
                  ('2024-04-01', '2024-04-02 06:00+00', false);
                """)
        }
    }

    /// Releases 2024-04-02 (the rows are already there).
    /// A slow source: 3000 urgent-care logs on the quiet day, each costing 2 ms to read (a view over a sleeping
    /// function), so a COPY of that day is still streaming when a test interferes with it.
    func slowUrgentCareDay() async throws {
        try await withDatabase(urgentCareDatabase) {
            try await $0.execute(
                """
                INSERT INTO urgent_care_logs (uc_log_id, patient_id, provider_id, arrival_datetime, updated_at)
                SELECT 1000 + g, g, 106, '2024-04-01 08:00', '2024-04-01 08:00' FROM generate_series(1, 3000) g;
                ALTER TABLE urgent_care_logs RENAME TO urgent_care_logs_base;
                CREATE FUNCTION slow(id bigint) RETURNS bigint LANGUAGE sql VOLATILE AS 'SELECT pg_sleep(0.002); SELECT id';
                CREATE VIEW urgent_care_logs AS SELECT slow(uc_log_id) AS uc_log_id, patient_id, provider_id, encounter_id,
                  arrival_datetime, triage_datetime, seen_by_clinician_datetime, departure_datetime, triage_category,
                  presenting_complaint, outcome, source_system, created_at, updated_at FROM urgent_care_logs_base;
                """)
        }
    }

    func releaseUnreleasedDay() async throws {
        for database in [ehrDatabase, urgentCareDatabase] {
            try await withDatabase(database) {
                try await $0.execute("INSERT INTO release_watermark (business_date) VALUES ('2024-04-02')")
            }
        }
    }
}

extension BusinessDate {
    /// Microseconds since 1970-01-01 of a wall-clock time on this date, read as if UTC (Bronze keeps
    /// source timestamps as local wall-clock values, isAdjustedToUTC false).
    func wallClockMicros(hour: Int, minute: Int, second: Int = 0, micros: Int = 0) -> Int64 {
        Int64(daysSinceEpoch) * 86_400_000_000 + Int64(((hour * 60 + minute) * 60 + second)) * 1_000_000 + Int64(micros)
    }
}
