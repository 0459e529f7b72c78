import Foundation
import Logging
import PipelineContracts
import Postgres

/// Publishes table slices into one of the Trust's PostgreSQL databases, with the release watermark
/// written in the same transaction as the data.
package struct TrustDatabasePublisher: Sendable {
    package let database: SourceDatabase
    package let url: String
    package let readerRole: String
    package let logger: Logger

    package init(database: SourceDatabase, url: String, readerRole: String, logger: Logger) {
        self.database = database
        self.url = url
        self.readerRole = readerRole
        self.logger = logger
    }

    static let watermarkDDL = """
        CREATE TABLE IF NOT EXISTS release_watermark (
            business_date DATE PRIMARY KEY,
            released_at TIMESTAMPTZ NOT NULL,
            is_initial_load BOOLEAN NOT NULL DEFAULT FALSE
        );
        """

    static let stateDDL = """
        CREATE TABLE IF NOT EXISTS trust_sim_state (
            id INT PRIMARY KEY CHECK (id = 1),
            seed NUMERIC(20, 0) NOT NULL,
            patients INT NOT NULL,
            months INT NOT NULL,
            start_date DATE NOT NULL,
            hold_back_days INT NOT NULL,
            cutoff_date DATE NOT NULL,
            last_date DATE NOT NULL,
            generator_version INT NOT NULL,
            backfilled_at TIMESTAMPTZ NOT NULL DEFAULT NOW()
        );
        """

    /// Opens a connection, runs `body`, closes it.
    package func withConnection<T>(_ body: (PostgresConnection) async throws -> T) async throws -> T {
        try await PostgresConnection.withConnection(url: url, logger: logger, body)
    }

    /// Creates every table (idempotent) and grants the reader role read access. With `replace`, drops the
    /// source tables, watermark and state first.
    package func ensureSchema(_ connection: PostgresConnection, replace: Bool) async throws {
        if replace {
            let tables = database.tables.reversed().map(\.rawValue) + ["release_watermark"] + (database == .ehr ? ["trust_sim_state"] : [])
            try await connection.execute(tables.map { "DROP TABLE IF EXISTS \($0) CASCADE;" }.joined(separator: "\n"))
        }
        var ddl = database.tables.map(\.ddl) + [Self.watermarkDDL]
        if database == .ehr { ddl.append(Self.stateDDL) }
        try await connection.execute(ddl.joined(separator: "\n"))
        try await connection.execute(
            "GRANT USAGE ON SCHEMA public TO \(readerRole); GRANT SELECT ON ALL TABLES IN SCHEMA public TO \(readerRole);")
    }

    /// Business dates recorded in `release_watermark`, with the initial-load flag.
    package func watermarks(_ connection: PostgresConnection) async throws -> [BusinessDate: Bool] {
        let rows = try await connection.query("SELECT business_date::text, is_initial_load::text FROM release_watermark")
        var result: [BusinessDate: Bool] = [:]
        for row in rows.rows {
            guard let text = row[0] else { continue }
            result[try BusinessDate(iso: text)] = row[1] == "true"
        }
        return result
    }

    /// The stored parameters, or nil before the first backfill (ehr only).
    package func storedParameters(_ connection: PostgresConnection) async throws -> (SimulationParameters, generatorVersion: Int)? {
        let exists = try await connection.query("SELECT to_regclass('public.trust_sim_state')::text")
        guard exists.rows.first?[0] != nil else { return nil }
        let rows = try await connection.query(
            "SELECT seed::text, patients::text, months::text, start_date::text, hold_back_days::text, generator_version::text FROM trust_sim_state WHERE id = 1")
        guard let row = rows.rows.first, let seed = row[0].flatMap(UInt64.init), let patients = row[1].flatMap(Int.init),
            let months = row[2].flatMap(Int.init), let start = row[3], let holdBack = row[4].flatMap(Int.init),
            let version = row[5].flatMap(Int.init)
        else { return nil }
        let parameters = try SimulationParameters(
            seed: seed, patients: patients, months: months, startDate: try BusinessDate(iso: start), holdBackDays: holdBack)
        return (parameters, version)
    }

    /// Loads the initial-load slice (plain COPY into the tables), the initial watermark and (ehr) the state,
    /// in one transaction. Does nothing when the initial load is already recorded.
    /// - Returns: rows loaded per table, or nil when it was already published.
    package func publishInitialLoad(
        parameters: SimulationParameters, tableFile: (SourceTable) -> String
    ) async throws -> [SourceTable: Int]? {
        try await withConnection { connection in
            try await connection.withTransaction {
                let marks = try await watermarks(connection)
                if marks[parameters.cutoffDate] == true { return nil }
                var loaded: [SourceTable: Int] = [:]
                for table in database.tables {
                    loaded[table] = try await copy(file: tableFile(table), into: table.rawValue, columns: table.columns, connection)
                }
                if database == .ehr {
                    try await connection.execute(
                        """
                        INSERT INTO trust_sim_state (id, seed, patients, months, start_date, hold_back_days, cutoff_date, last_date, generator_version)
                        VALUES (1, \(parameters.seed), \(parameters.patients), \(parameters.months), '\(parameters.startDate)',
                                \(parameters.holdBackDays), '\(parameters.cutoffDate)', '\(parameters.lastDate)', \(SimulationParameters.generatorVersion))
                        ON CONFLICT (id) DO NOTHING;
                        """)
                }
                try await connection.execute(
                    "INSERT INTO release_watermark (business_date, released_at, is_initial_load) VALUES ('\(parameters.cutoffDate)', NOW(), TRUE);")
                return loaded
            }
        }
    }

    /// Upserts one day's slice (new rows and updated versions) and records its watermark, in one transaction.
    /// Does nothing when the date's watermark already exists.
    /// - Returns: rows upserted per table, or nil when the date was already published.
    package func publishDay(_ date: BusinessDate, tableFile: (SourceTable) -> String) async throws -> [SourceTable: Int]? {
        try await withConnection { connection in
            try await connection.withTransaction {
                let marks = try await watermarks(connection)
                if marks[date] != nil { return nil }
                var loaded: [SourceTable: Int] = [:]
                for table in database.tables {
                    let staging = "trust_sim_stage_\(table.rawValue)"
                    try await connection.execute(
                        "CREATE TEMP TABLE \(staging) (LIKE \(table.rawValue) INCLUDING DEFAULTS) ON COMMIT DROP;")
                    loaded[table] = try await copy(file: tableFile(table), into: staging, columns: table.columns, connection)
                    let columns = table.columns.joined(separator: ", ")
                    let updates = table.columns.filter { $0 != table.primaryKey }.map { "\($0) = EXCLUDED.\($0)" }
                        .joined(separator: ", ")
                    try await connection.execute(
                        """
                        INSERT INTO \(table.rawValue) (\(columns)) SELECT \(columns) FROM \(staging)
                        ON CONFLICT (\(table.primaryKey)) DO UPDATE SET \(updates);
                        """)
                }
                try await connection.execute(
                    "INSERT INTO release_watermark (business_date, released_at, is_initial_load) VALUES ('\(date)', NOW(), FALSE);")
                return loaded
            }
        }
    }

    private func copy(file: String, into table: String, columns: [String], _ connection: PostgresConnection) async throws -> Int {
        guard let handle = FileHandle(forReadingAtPath: file) else {
            throw TrustSimulatorError(.io, "cannot read the staged slice \(file)")
        }
        defer { try? handle.close() }
        return try await connection.copyIn("COPY \(table) (\(columns.joined(separator: ", "))) FROM STDIN") { writer in
            while let chunk = try handle.read(upToCount: 1 << 20), !chunk.isEmpty {
                try await writer.write(Array(chunk))
            }
        }
    }
}
