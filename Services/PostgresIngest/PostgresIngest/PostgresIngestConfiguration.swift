import Foundation
import PipelineContracts
import PipelineRuntime

/// Configuration of `postgres-ingest`, read from ``Settings`` (environment variables, overridden by flags).
///
/// ## Configuration keys
/// - `POSTGRES_INGEST_SCOPES` (default `ehr,urgent_care`): the scopes to run; each needs its database URL.
/// - `EHR_DATABASE_URL` (+ `_FILE`, `_SECRET_ID`): libpq URI of the EHR database (TLS options in the URI).
/// - `EHR_DATABASE_PASSWORD` (+ `_FILE`, `_SECRET_ID`): password, when not in the URL (secret).
/// - `URGENT_CARE_DATABASE_URL`, `URGENT_CARE_DATABASE_PASSWORD` (+ forms): the same for `urgent_care`.
/// - `POSTGRES_INGEST_SCHEMA` (default `public`): schema of the source tables and the watermark.
/// - `POSTGRES_INGEST_CURSOR_COLUMNS` (default every table `updated_at`): `table=column,…` overrides.
/// - `POSTGRES_INGEST_WATERMARK_TABLE` (default `release_watermark`): the completeness table.
/// - `POSTGRES_INGEST_ROWS_PER_FILE` (default 1,000,000): rows per Bronze part file.
/// - `POSTGRES_INGEST_CONNECT_ATTEMPTS` (default 4): connection attempts before `source_unavailable`.
/// - `POSTGRES_INGEST_RETRY_DELAY_MS` (default 1000): first retry delay; doubles per attempt (max 30 s).
/// - `POSTGRES_INGEST_STATEMENT_TIMEOUT_MS` (default 3,600,000): server-side limit per statement (COPY).
package struct PostgresIngestConfiguration: Sendable {
    /// One source database and what to extract from it.
    package struct Scope: Sendable {
        package var name: LakeName
        /// `EHR_DATABASE_URL` or `URGENT_CARE_DATABASE_URL`.
        package var urlVariable: String
        /// `EHR_DATABASE_PASSWORD` or `URGENT_CARE_DATABASE_PASSWORD`.
        package var passwordVariable: String
        /// Source tables; each is also the Bronze entity name.
        package var tables: [BronzeEntity]
    }

    package var scopes: [Scope]
    package var schema: String
    /// Cursor column per table name (`updated_at` unless overridden).
    package var cursorColumns: [String: String]
    package var watermarkTable: String
    package var rowsPerFile: Int
    package var connectAttempts: Int
    package var retryDelayMilliseconds: Int
    package var statementTimeoutMilliseconds: Int
    /// The settings, for resolving secrets at connect time.
    package var settings: Settings
    /// Where `*_SECRET_ID` values are looked up; nil means `_SECRET_ID` forms are a configuration error.
    package var secretStore: (any SecretStore)?

    /// Every scope this stage knows, in run order.
    package static let knownScopes: [Scope] = [
        Scope(
            name: PipelineGraph.ehrIngest.scope, urlVariable: "EHR_DATABASE_URL",
            passwordVariable: "EHR_DATABASE_PASSWORD",
            tables: [.patientDemographics, .encounters, .referrals, .diagnoses]),
        Scope(
            name: PipelineGraph.urgentCareIngest.scope, urlVariable: "URGENT_CARE_DATABASE_URL",
            passwordVariable: "URGENT_CARE_DATABASE_PASSWORD", tables: [.urgentCareLogs]),
    ]

    /// Reads and validates the configuration.
    ///
    /// - Throws: ``StageError`` (configuration, exit 2) for an unknown scope, a selected scope without a
    ///   database URL, a malformed cursor-column list, or an out-of-range number.
    package init(settings: Settings, secretStore: (any SecretStore)? = nil) throws {
        self.settings = settings
        self.secretStore = secretStore
        let selected = settings.string("POSTGRES_INGEST_SCOPES", default: "ehr,urgent_care")
            .split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        guard !selected.isEmpty else { throw StageError.configuration("POSTGRES_INGEST_SCOPES names no scope") }
        scopes = try selected.map { name in
            guard let scope = Self.knownScopes.first(where: { $0.name.description == name }) else {
                throw StageError.configuration(
                    "POSTGRES_INGEST_SCOPES: unknown scope '\(name.prefix(40))' (known: ehr, urgent_care)")
            }
            let forms = [scope.urlVariable, scope.urlVariable + "_FILE", scope.urlVariable + "_SECRET_ID"]
            guard forms.contains(where: { settings.string($0) != nil }) else {
                throw StageError.configuration(
                    "scope \(name) is selected but \(scope.urlVariable) is not set", code: "missing_configuration")
            }
            return scope
        }
        schema = settings.string("POSTGRES_INGEST_SCHEMA", default: "public")
        watermarkTable = settings.string("POSTGRES_INGEST_WATERMARK_TABLE", default: "release_watermark")
        cursorColumns = try Self.parseCursorColumns(settings.string("POSTGRES_INGEST_CURSOR_COLUMNS"))
        rowsPerFile = try settings.int("POSTGRES_INGEST_ROWS_PER_FILE", default: 1_000_000, range: 1...100_000_000)
        connectAttempts = try settings.int("POSTGRES_INGEST_CONNECT_ATTEMPTS", default: 4, range: 1...20)
        retryDelayMilliseconds = try settings.int("POSTGRES_INGEST_RETRY_DELAY_MS", default: 1000, range: 0...60_000)
        statementTimeoutMilliseconds = try settings.int(
            "POSTGRES_INGEST_STATEMENT_TIMEOUT_MS", default: 3_600_000, range: 0...86_400_000)
    }

    /// The scope called `name`.
    package func scope(_ name: LakeName) throws -> Scope {
        guard let scope = scopes.first(where: { $0.name == name }) else {
            throw StageError.configuration("scope \(name) is not selected (POSTGRES_INGEST_SCOPES)")
        }
        return scope
    }

    /// The cursor column of `table`.
    package func cursorColumn(of table: BronzeEntity) -> String { cursorColumns[table.rawValue] ?? "updated_at" }

    /// The database URL and optional password of `scope`, resolved from their secret forms.
    package func credentials(of scope: Scope) async throws -> (url: String, password: String?) {
        guard let url = try await settings.secret(scope.urlVariable, store: secretStore)?.text else {
            throw StageError.configuration("\(scope.urlVariable) is not set", code: "missing_configuration")
        }
        let password = try await settings.secret(scope.passwordVariable, store: secretStore)?.text
        return (url, password)
    }

    /// Parses `table=column,table=column`; names are checked against the source catalog at run time.
    static func parseCursorColumns(_ text: String?) throws -> [String: String] {
        guard let text else { return [:] }
        var result: [String: String] = [:]
        for entry in text.split(separator: ",") {
            let parts = entry.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else {
                throw StageError.configuration("POSTGRES_INGEST_CURSOR_COLUMNS must look like table=column,table=column")
            }
            guard BronzeEntity(rawValue: parts[0]) != nil else {
                throw StageError.configuration("POSTGRES_INGEST_CURSOR_COLUMNS names unknown table '\(parts[0].prefix(60))'")
            }
            result[parts[0]] = parts[1]
        }
        return result
    }
}
