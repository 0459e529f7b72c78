import PipelineContracts
import PipelineRuntime
import Postgres

/// Reads the source's completeness table: `release_watermark(business_date date PRIMARY KEY,
/// released_at timestamptz, is_initial_load boolean)`, one row per released business date, written in the
/// same transaction as that day's data.
package struct ReleaseWatermark: Sendable {
    package let connection: PostgresConnection
    package let schema: String
    package let table: String

    package init(connection: PostgresConnection, schema: String, table: String) {
        self.connection = connection
        self.schema = schema
        self.table = table
    }

    private var qualifiedName: String { SQLIdentifier.quote(schema, table) }

    /// Released dates after `date` (all when nil), ascending, with their initial-load flag.
    package func releases(after date: BusinessDate?) async throws -> [ExtractWindow] {
        let rows = try await mapped {
            try await connection.query(
                """
                SELECT business_date::text, is_initial_load FROM \(qualifiedName)
                 WHERE $1::date IS NULL OR business_date > $1::date ORDER BY business_date
                """, parameters: [date?.description])
        }
        return try rows.rows.map { row in
            ExtractWindow(date: try BusinessDate(iso: row[0] ?? ""), isInitialLoad: row[1] == "t")
        }
    }

    /// The release of `date`, or nil when it is not (yet) published.
    package func release(of date: BusinessDate) async throws -> ExtractWindow? {
        let rows = try await mapped {
            try await connection.query(
                "SELECT is_initial_load FROM \(qualifiedName) WHERE business_date = $1::date", parameters: [date.description])
        }
        return rows.rows.first.map { ExtractWindow(date: date, isInitialLoad: $0[0] == "t") }
    }

    /// The date of the initial load, if released.
    package func initialLoadDate() async throws -> BusinessDate? {
        let rows = try await mapped {
            try await connection.query(
                "SELECT min(business_date)::text FROM \(qualifiedName) WHERE is_initial_load")
        }
        return try rows.rows.first?[0].map { try BusinessDate(iso: $0) }
    }

    /// Turns "no such table" into a clear stage error.
    private func mapped(_ body: () async throws -> PostgresRows) async throws -> PostgresRows {
        do {
            return try await body()
        } catch let error as PostgresError where error.sqlState == "42P01" || error.sqlState == "42703" {
            throw StageError(
                "source_watermark_missing",
                "the source has no usable completeness table \(schema).\(table) (release_watermark contract): \(error.message)")
        }
    }
}
