import Foundation
import PipelineContracts
import PipelineRuntime
import PipelineTesting
import Postgres
import PostgresIngest
import Testing

@Suite struct PostgresIngestFailureTests {
    typealias Fixture = TrustSourceFixture

    @Test func selectedScopeWithoutURLIsAConfigurationError() throws {
        let settings = Settings(environment: ["EHR_DATABASE_URL": "postgresql://x@127.0.0.1/ehr"])
        let error = #expect(throws: StageError.self) { try PostgresIngestConfiguration(settings: settings) }
        #expect(error?.kind == .configuration)
        #expect(error?.message.contains("URGENT_CARE_DATABASE_URL") == true)
        let ehrOnly = try PostgresIngestConfiguration(
            settings: Settings(environment: ["EHR_DATABASE_URL": "x", "POSTGRES_INGEST_SCOPES": "ehr"]))
        #expect(ehrOnly.scopes.map(\.name) == ["ehr"])
        #expect(ehrOnly.cursorColumn(of: .encounters) == "updated_at")
        let custom = try PostgresIngestConfiguration(
            settings: Settings(environment: [
                "EHR_DATABASE_URL": "x", "POSTGRES_INGEST_SCOPES": "ehr",
                "POSTGRES_INGEST_CURSOR_COLUMNS": "encounters=created_at",
            ]))
        #expect(custom.cursorColumn(of: .encounters) == "created_at")
        #expect(throws: StageError.self) {
            try PostgresIngestConfiguration(
                settings: Settings(environment: [
                    "EHR_DATABASE_URL": "x", "POSTGRES_INGEST_SCOPES": "ehr", "POSTGRES_INGEST_CURSOR_COLUMNS": "nope",
                ]))
        }
    }

    @Test func unknownCursorColumnFailsTheRunWithoutOutputs() async throws {
        let fixture = try await Fixture()
        defer { Task { await fixture.remove() } }
        try await fixture.seed()
        let summary = try await fixture.run(
            dates: [Fixture.dstDay],
            settings: ["POSTGRES_INGEST_SCOPES": "ehr", "POSTGRES_INGEST_CURSOR_COLUMNS": "referrals=x\"; DROP TABLE referrals; --"])
        #expect(summary.exitStatus == .failed)
        let manifest = try #require(try await fixture.latestManifest("ehr", Fixture.dstDay))
        #expect(manifest.errors.first?.code == "invalid_cursor_column")
        #expect(manifest.outputs.isEmpty)
        let stillThere = try await fixture.withDatabase(fixture.ehrDatabase) { try await $0.query("SELECT count(*) FROM referrals") }
        #expect(stillThere.rows == [["2"]])
    }

    @Test func unreachableSourceFailsAsSourceUnavailableAfterRetries() async throws {
        let fixture = try await Fixture()
        defer { Task { await fixture.remove() } }
        let started = ContinuousClock.now
        let summary = try await fixture.run(
            dates: [Fixture.dstDay],
            settings: [
                "POSTGRES_INGEST_SCOPES": "ehr", "EHR_DATABASE_URL": "postgresql://nobody:pw@127.0.0.1:1/ehr?connect_timeout=2",
                "POSTGRES_INGEST_CONNECT_ATTEMPTS": "3", "POSTGRES_INGEST_RETRY_DELAY_MS": "50",
            ])
        #expect(summary.exitStatus == .failed)
        let manifest = try #require(try await fixture.latestManifest("ehr", Fixture.dstDay))
        #expect(manifest.status == .failed)
        #expect(manifest.errors.first?.code == "source_unavailable")
        #expect(ContinuousClock.now - started < .seconds(30))
    }

    @Test func wrongPasswordFailsWithoutLeakingIt() async throws {
        let fixture = try await Fixture()
        defer { Task { await fixture.remove() } }
        let url = try LocalStackEnvironment.value("EHR_DATABASE_URL")
        var components = try #require(URLComponents(string: url))
        components.password = "definitely-wrong-\(UUID().uuidString.prefix(6))"
        let summary = try await fixture.run(
            dates: [Fixture.dstDay], settings: ["POSTGRES_INGEST_SCOPES": "ehr", "EHR_DATABASE_URL": components.string!])
        #expect(summary.exitStatus == .failed)
        let manifest = try #require(try await fixture.latestManifest("ehr", Fixture.dstDay))
        #expect(manifest.errors.first?.code == "source_authentication_failed")
        let json = String(decoding: try ContractJSON.encode(manifest), as: UTF8.self)
        #expect(!json.contains(components.password!))
    }

    @Test func serverTerminationMidCopyFailsTheRunAsSourceUnavailable() async throws {
        let fixture = try await Fixture()
        defer { Task { await fixture.remove() } }
        try await fixture.seed()
        try await fixture.slowUrgentCareDay()
        let database = fixture.urgentCareDatabase
        let terminator = Task {
            try await PostgresConnection.withConnection(url: fixture.adminURL, logger: fixture.logger) { admin in
                for _ in 0..<600 {
                    let terminated = try await admin.query(
                        """
                        SELECT pg_terminate_backend(pid) FROM pg_stat_activity
                         WHERE datname = $1 AND query LIKE 'COPY (SELECT%' AND state = 'active'
                        """, parameters: [database])
                    if !terminated.rows.isEmpty { return true }
                    try await Task.sleep(for: .milliseconds(20))
                }
                return false
            }
        }
        let summary = try await fixture.run(
            dates: [Fixture.quietDay], settings: ["POSTGRES_INGEST_SCOPES": "urgent_care", "POSTGRES_INGEST_ROWS_PER_FILE": "500"])
        #expect(try await terminator.value)
        #expect(summary.exitStatus == .failed)
        let manifest = try #require(try await fixture.latestManifest("urgent_care", Fixture.quietDay))
        #expect(manifest.status == .failed)
        #expect(manifest.outputs.isEmpty)
        #expect(manifest.errors.first?.code == "source_unavailable")
    }
}

/// Issue #15: a real PostgreSQL restart (`pg_ctl restart -m fast`) in the middle of an extract, on a server
/// of the test's own. The run fails with `source_unavailable` and writes nothing; once the server is back,
/// the re-run extracts exactly the rows the source holds.
@Suite(.serialized) struct PostgresRestartTests {
    @Test func aRestartMidCopyFailsTheRunAndTheReRunExtractsEverything() async throws {
        let cluster = try PrivatePostgresCluster.start()
        defer { cluster.stop() }
        let fixture = try await TrustSourceFixture(adminURL: cluster.adminURL)
        try await fixture.seed()
        try await fixture.slowUrgentCareDay()
        let expected = try await fixture.withDatabase(fixture.urgentCareDatabase) {
            try await $0.query("SELECT count(*) FROM urgent_care_logs_base WHERE updated_at >= '2024-04-01' AND updated_at < '2024-04-02'")
                .rows.first?[0].flatMap { Int($0) }
        }
        let database = fixture.urgentCareDatabase
        let restarter = Task {
            // Restart once the COPY is streaming.
            for _ in 0..<600 {
                let active = try await PostgresConnection.withConnection(url: cluster.adminURL, logger: fixture.logger) { admin in
                    try await admin.query(
                        "SELECT 1 FROM pg_stat_activity WHERE datname = $1 AND query LIKE 'COPY (SELECT%' AND state = 'active'",
                        parameters: [database]
                    ).rows.isEmpty == false
                }
                if active {
                    try cluster.restart()
                    return true
                }
                try await Task.sleep(for: .milliseconds(20))
            }
            return false
        }
        let settings = ["POSTGRES_INGEST_SCOPES": "urgent_care", "POSTGRES_INGEST_ROWS_PER_FILE": "500"]
        let summary = try await fixture.run(dates: [TrustSourceFixture.quietDay], settings: settings)
        #expect(try await restarter.value)
        #expect(summary.exitStatus == .failed)
        let failed = try #require(try await fixture.latestManifest("urgent_care", TrustSourceFixture.quietDay))
        #expect(failed.status == .failed && failed.outputs.isEmpty)
        #expect(failed.errors.first?.code == "source_unavailable", "\(failed.errors)")

        // The server is back: the re-run extracts every row of the day, counted in the same snapshot.
        let again = try await fixture.run(dates: [TrustSourceFixture.quietDay], settings: settings)
        #expect(again.exitStatus == .success)
        let manifest = try #require(try await fixture.latestManifest("urgent_care", TrustSourceFixture.quietDay))
        #expect(manifest.status == .succeeded)
        #expect(manifest.metrics["rows.urgent_care_logs"].map { Int($0) } == expected)
        await fixture.remove()
    }
}
