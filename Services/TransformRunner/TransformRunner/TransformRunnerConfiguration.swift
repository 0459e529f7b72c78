import PipelineRuntime

/// Settings of `transform-runner`.
///
/// ## Configuration keys
/// - `TRANSFORM_LAYER` (`--layer`, required): `silver` or `gold`; each is its own stage scope.
/// - `WAREHOUSE_URL` (`--warehouse-url`, or `WAREHOUSE_URL_FILE` / `WAREHOUSE_URL_SECRET_ID`, required): libpq URI
///   of the PostgreSQL-compatible warehouse. Secret: never logged.
/// - `WAREHOUSE_PASSWORD` (+ `_FILE`, `_SECRET_ID`): optional password overriding one in the URL. Secret.
/// - `WAREHOUSE_CONNECT_ATTEMPTS` (default 3): connection attempts before `warehouse_unavailable` (1 s, 2 s, 4 s … apart).
/// - `WAREHOUSE_STATEMENT_TIMEOUT_SECONDS` (default 1800): server-side limit per statement; 0 = none.
/// - `TRANSFORM_MODELS_DIR` (`--models-dir`): folder with `models/` and `seeds/` replacing the bundled ones.
/// - `TRANSFORM_FULL_REFRESH` (`--full-refresh`, default false): Silver rebuilds from every upstream manifest
///   instead of the previous snapshot.
/// - `SUPPRESSION_THRESHOLD` (default 5): counts below it are suppressed in aggregates.
/// - `SUPPRESSION_ROUNDING` (default 1 = off; e.g. 5): published counts rounded to this multiple.
/// - `SII_SIMULATIONS` (default 10000) and `SII_SEED` (default 20250101): the seeded simulation behind SII/RII CIs.
package struct TransformRunnerConfiguration: Sendable {
    package var layer: TransformLayer
    package var warehouseURL: Secret
    package var warehousePassword: Secret?
    package var connectAttempts: Int
    package var statementTimeoutSeconds: Int
    package var modelsDirectory: String?
    package var fullRefresh: Bool
    package var suppressionThreshold: Int
    package var suppressionRounding: Int
    package var siiSimulations: Int
    package var siiSeed: UInt64

    /// Reads the keys above.
    ///
    /// - Throws: ``StageError`` (configuration) for a missing or invalid value.
    package init(settings: Settings, secretStore: (any SecretStore)? = nil) async throws {
        guard let layerText = settings.string("TRANSFORM_LAYER"), let layer = TransformLayer(rawValue: layerText.lowercased()) else {
            throw StageError.configuration("TRANSFORM_LAYER (--layer) must be silver or gold", code: "missing_configuration")
        }
        self.layer = layer
        guard let url = try await settings.secret("WAREHOUSE_URL", store: secretStore) else {
            throw StageError.configuration("WAREHOUSE_URL is required but not set", code: "missing_configuration")
        }
        warehouseURL = url
        warehousePassword = try await settings.secret("WAREHOUSE_PASSWORD", store: secretStore)
        connectAttempts = try settings.int("WAREHOUSE_CONNECT_ATTEMPTS", default: 3, range: 1...20)
        statementTimeoutSeconds = try settings.int("WAREHOUSE_STATEMENT_TIMEOUT_SECONDS", default: 1800, range: 0...86_400)
        modelsDirectory = settings.string("TRANSFORM_MODELS_DIR")
        fullRefresh = try settings.bool("TRANSFORM_FULL_REFRESH", default: false)
        suppressionThreshold = try settings.int("SUPPRESSION_THRESHOLD", default: 5, range: 1...1000)
        suppressionRounding = try settings.int("SUPPRESSION_ROUNDING", default: 1, range: 1...100)
        siiSimulations = try settings.int("SII_SIMULATIONS", default: 10_000, range: 0...1_000_000)
        siiSeed = UInt64(try settings.int("SII_SEED", default: 20_250_101, range: 0...Int.max))
    }
}
