import Foundation
import Logging
import PipelineTesting
import Postgres

/// A private schema in the local stack's warehouse database, dropped by ``drop()``.
struct PostgresTestDatabase {
    let url: String
    let schema: String
    let logger = Logger(label: "postgres-tests")

    init() throws {
        url = try LocalStackEnvironment.value("WAREHOUSE_URL")
        schema = "pgtest_" + UUID().uuidString.prefix(8).lowercased()
    }

    /// Connects with the warehouse role, its search path set to the private schema (created if needed).
    func connect() async throws -> PostgresConnection {
        let connection = try await PostgresConnection.connect(url: url, logger: logger)
        try await connection.execute(
            "CREATE SCHEMA IF NOT EXISTS \(SQLIdentifier.quote(schema)); SET search_path TO \(SQLIdentifier.quote(schema))")
        return connection
    }

    /// The warehouse URL with its password replaced.
    func url(withPassword password: String) throws -> String {
        var components = URLComponents(string: url)!
        components.password = password
        return components.string!
    }

    func drop() async {
        guard let connection = try? await PostgresConnection.connect(url: url, logger: logger) else { return }
        try? await connection.execute("DROP SCHEMA IF EXISTS \(SQLIdentifier.quote(schema)) CASCADE")
        await connection.close()
    }
}
