import Logging
import Postgres

/// Opens the warehouse connection with bounded retries; every failure becomes `warehouse_unavailable`.
package enum WarehouseConnector {
    /// Connects, retrying with exponential backoff (1 s, 2 s, 4 s …) up to `attempts` times.
    ///
    /// - Throws: ``TransformError`` `warehouseUnavailable`; the message names the target only through the
    ///   wrapper's redacted error, never the URL or password.
    package static func connect(url: String, password: String?, attempts: Int, logger: Logger) async throws -> PostgresConnection {
        var lastError: PostgresError?
        for attempt in 1...max(1, attempts) {
            do {
                return try await PostgresConnection.connect(url: url, password: password, logger: logger)
            } catch let error as PostgresError {
                lastError = error
                if error.code == .invalidConnectionString { break }
                logger.warning(
                    "warehouse connection failed", metadata: ["event": "warehouse_connect_failed", "attempt": "\(attempt)", "error.code": "\(error.code.rawValue)"])
                if attempt < attempts {
                    try await Task.sleep(nanoseconds: UInt64(1 << min(attempt - 1, 5)) * 1_000_000_000)
                }
            }
        }
        throw TransformError(
            .warehouseUnavailable, "cannot connect to the warehouse after \(attempts) attempt(s): \(lastError?.code.rawValue ?? "unknown")",
            detail: lastError?.description)
    }
}
