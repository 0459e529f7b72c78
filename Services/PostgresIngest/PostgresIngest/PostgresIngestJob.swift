import Foundation
import Logging
import PipelineContracts
import PipelineRuntime
import Postgres

/// `postgres-ingest`: extracts one released business date of each configured table of the Trust's
/// PostgreSQL databases into Bronze Parquet (issue #6).
///
/// Per (scope, date) run: connect (bounded retries with backoff), open one REPEATABLE READ READ ONLY
/// transaction, confirm the date is released (`release_watermark`), then per table count the window's rows
/// (on a second connection that imports the transaction's snapshot, so the count runs while the COPY
/// streams), stream them with binary COPY into Parquet parts and verify rows written = rows counted. A date that is
/// not released is a `skipped` run ("not yet published"); resume never attempts one.
package struct PostgresIngestJob: StageJob {
    package let configuration: PostgresIngestConfiguration
    let logger: Logger
    /// Opens a source connection; injectable for tests.
    let connect: @Sendable (String, String?, Logger) async throws -> PostgresConnection

    package var stage: StageName { .postgresIngest }

    package init(
        configuration: PostgresIngestConfiguration, logger: Logger,
        connect: @escaping @Sendable (String, String?, Logger) async throws -> PostgresConnection = {
            try await PostgresConnection.connect(url: $0, password: $1, logger: $2)
        }
    ) {
        self.configuration = configuration
        self.logger = logger
        self.connect = connect
    }

    package func scopes(for date: BusinessDate) async throws -> [LakeName] {
        configuration.scopes.map(\.name)
    }

    /// Every released date after the latest succeeded date of each scope (from the earliest release on a first
    /// run), ordered by date, then scope.
    package func pendingWork(manifests: ManifestStore, logger: Logger) async throws -> [StageWorkItem] {
        var items: [StageWorkItem] = []
        for scope in configuration.scopes {
            let latest = try await manifests.succeededDates(stage: stage, scope: scope.name).last
            let releases = try await withSource(scope, logger: logger) { connection in
                try await watermark(connection).releases(after: latest)
            }
            logger.info(
                "released dates to ingest",
                metadata: [
                    "event": "pending_work", "scope": "\(scope.name)", "dates": "\(releases.count)",
                    "after": "\(latest?.description ?? "none")",
                ])
            items += releases.map { StageWorkItem(scope: scope.name, date: $0.date) }
        }
        return items.sorted { ($0.date, $0.scope.description) < ($1.date, $1.scope.description) }
    }

    package func run(context: RunContext) async throws -> StageOutcome {
        let scope = try configuration.scope(context.scope)
        return try await withSource(scope, logger: context.logger) { connection in
            try await connection.withTransaction(isolation: "REPEATABLE READ", readOnly: true) {
                let watermark = watermark(connection)
                guard let window = try await watermark.release(of: context.businessDate) else {
                    let initial = try await watermark.initialLoadDate()
                    if let initial, context.businessDate < initial {
                        return .skipped(reason: "not published: covered by the initial load of \(initial)")
                    }
                    return .skipped(reason: "not yet published")
                }
                context.setMetric("initial_load", window.isInitialLoad ? 1 : 0)
                // Row counts run on a second connection that imports this transaction's snapshot, so each
                // table's count overlaps its COPY and both still see the same rows.
                let snapshot = try await connection.query("SELECT pg_export_snapshot()").rows.first?[0] ?? ""
                guard snapshot.allSatisfy({ $0.isHexDigit || $0 == "-" }), !snapshot.isEmpty else {
                    throw StageError("source_query_failed", "the source did not export a snapshot id")
                }
                let counter = try await connectWithRetry(scope, logger: context.logger)
                do {
                    let outcome = try await counter.withTransaction(isolation: "REPEATABLE READ", readOnly: true) {
                        try await counter.execute("SET TRANSACTION SNAPSHOT '\(snapshot)'")
                        return try await extractTables(
                            scope, window: window, extractor: TableExtractor(connection: connection, counter: counter, configuration: configuration),
                            context: context)
                    }
                    await counter.close()
                    return outcome
                } catch {
                    await counter.close()
                    throw error
                }
            }
        }
    }

    /// Extracts every table of `scope` for `window` and records inputs and metrics.
    private func extractTables(
        _ scope: PostgresIngestConfiguration.Scope, window: ExtractWindow, extractor: TableExtractor, context: RunContext
    ) async throws -> StageOutcome {
        var totalRows = 0
        var totalSeconds = 0.0
        for table in scope.tables {
            let result = try await extractor.extract(table, window: window, context: context)
            var input = ManifestInput(kind: "table")
            input.table = "\(scope.name).\(table.rawValue)"
            input.rows = result.sourceRows
            input.businessDate = context.businessDate
            context.recordInput(input)
            context.setMetric("rows.\(table.rawValue)", Double(result.rowsWritten))
            context.setMetric("parts.\(table.rawValue)", Double(result.parts))
            context.setMetric("seconds.\(table.rawValue)", result.seconds)
            context.logger.info(
                "table extracted",
                metadata: [
                    "event": "table_extracted", "table": "\(table.rawValue)", "rows.written": "\(result.rowsWritten)",
                    "parts": "\(result.parts)", "seconds": "\(String(format: "%.3f", result.seconds))",
                ])
            totalRows += result.rowsWritten
            totalSeconds += result.seconds
        }
        context.setMetric("rows", Double(totalRows))
        if totalSeconds > 0 { context.setMetric("rows_per_second", Double(totalRows) / totalSeconds) }
        return .succeeded
    }

    // MARK: - Source access

    private func watermark(_ connection: PostgresConnection) -> ReleaseWatermark {
        ReleaseWatermark(connection: connection, schema: configuration.schema, table: configuration.watermarkTable)
    }

    /// Connects to `scope`'s database (retrying), runs `body`, closes; maps source failures to stage errors.
    func withSource<T: Sendable>(
        _ scope: PostgresIngestConfiguration.Scope, logger: Logger, _ body: (PostgresConnection) async throws -> T
    ) async throws -> T {
        let connection = try await connectWithRetry(scope, logger: logger)
        do {
            let result = try await body(connection)
            await connection.close()
            return result
        } catch {
            await connection.close()
            throw Self.stageError(error, scope: scope)
        }
    }

    private func connectWithRetry(_ scope: PostgresIngestConfiguration.Scope, logger: Logger) async throws
        -> PostgresConnection
    {
        let credentials = try await configuration.credentials(of: scope)
        var delay = Double(configuration.retryDelayMilliseconds) / 1000
        for attempt in 1...configuration.connectAttempts {
            do {
                let connection = try await connect(credentials.url, credentials.password, logger)
                if configuration.statementTimeoutMilliseconds > 0 {
                    try await connection.execute("SET statement_timeout = \(configuration.statementTimeoutMilliseconds)")
                }
                return connection
            } catch let error as PostgresError where error.isConnectionFailure && attempt < configuration.connectAttempts {
                logger.warning(
                    "source connection failed; retrying",
                    metadata: [
                        "event": "source_connect_retry", "scope": "\(scope.name)", "attempt": "\(attempt)",
                        "error": "\(error)",
                    ])
                try await Task.sleep(for: .seconds(delay))
                delay = min(delay * 2, 30)
            } catch {
                throw Self.stageError(error, scope: scope)
            }
        }
        throw StageError("source_unavailable", "cannot connect to the \(scope.name) database")
    }

    /// Maps a source failure to a stable stage error (messages carry no secrets or row values).
    static func stageError(_ error: any Error, scope: PostgresIngestConfiguration.Scope) -> any Error {
        guard let error = error as? PostgresError else { return error }
        if error.isConnectionFailure {
            return StageError(
                "source_unavailable", "the \(scope.name) database became unavailable: \(error)",
                detail: error.debugDescription)
        }
        switch error.code {
        case .authenticationFailed:
            return StageError("source_authentication_failed", "the \(scope.name) database rejected the credentials: \(error)")
        case .queryCancelled:
            return StageError("source_timeout", "a statement on the \(scope.name) database was cancelled or timed out: \(error)")
        default:
            return StageError("source_query_failed", "the \(scope.name) database failed a statement: \(error)")
        }
    }
}
