import ArgumentParser
import PipelineRuntime
import PostgresIngest

@main
struct PostgresIngestCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "postgres-ingest",
        abstract: "Extract released business dates of the Trust's PostgreSQL tables into Bronze Parquet.",
        subcommands: [Run.self, StatusCommand.self], defaultSubcommand: Run.self)

    struct Run: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Ingest one business date (--date) or every released date not yet ingested (resume).")

        @OptionGroup var options: StageOptions

        @Option(name: .customLong("scopes"), help: "POSTGRES_INGEST_SCOPES: comma list of ehr, urgent_care (default both).")
        var scopes: String?

        @Option(name: .customLong("ehr-database-url"), help: "EHR_DATABASE_URL: libpq URI of the EHR database (+ _FILE, _SECRET_ID).")
        var ehrDatabaseURL: String?

        @Option(name: .customLong("urgent-care-database-url"), help: "URGENT_CARE_DATABASE_URL: libpq URI of the urgent-care database.")
        var urgentCareDatabaseURL: String?

        @Option(name: .customLong("cursor-columns"), help: "POSTGRES_INGEST_CURSOR_COLUMNS: table=column,… (default updated_at).")
        var cursorColumns: String?

        @Option(name: .customLong("rows-per-file"), help: "POSTGRES_INGEST_ROWS_PER_FILE: rows per Bronze part (default 1000000).")
        var rowsPerFile: String?

        func run() async throws {
            let overrides = [
                "POSTGRES_INGEST_SCOPES": scopes, "EHR_DATABASE_URL": ehrDatabaseURL,
                "URGENT_CARE_DATABASE_URL": urgentCareDatabaseURL, "POSTGRES_INGEST_CURSOR_COLUMNS": cursorColumns,
                "POSTGRES_INGEST_ROWS_PER_FILE": rowsPerFile,
            ].compactMapValues { $0 }
            await StageEntryPoint.run(stage: .postgresIngest, options: options, overrides: overrides) { settings, logger in
                try PostgresIngestJob(configuration: PostgresIngestConfiguration(settings: settings), logger: logger)
            }
        }
    }
}
