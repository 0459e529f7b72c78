import Foundation
import Logging
import Postgres

/// The private schema one run builds in (`run_<run id without dashes>`), on one warehouse connection.
///
/// Every table of the run — inputs, seeds, models — lives here, and the schema is dropped when the run ends,
/// so the warehouse holds no state between runs (ARCHITECTURE §7).
package final class WarehouseSchema: Sendable {
    package let connection: PostgresConnection
    /// The unquoted schema name.
    package let name: String
    let logger: Logger

    package init(connection: PostgresConnection, name: String, logger: Logger) {
        self.connection = connection
        self.name = name
        self.logger = logger
    }

    /// The schema name for a run id: `run_` + the id's 32 hex digits.
    package static func name(forRun runID: String) -> String {
        "run_" + runID.replacingOccurrences(of: "-", with: "").lowercased()
    }

    /// `"schema"."table"`.
    package func qualified(_ table: String) -> String { SQLIdentifier.quote(name, table) }

    /// Creates the schema and points the session at it (search path, UTC, ISO dates, statement timeout).
    package func create(statementTimeoutSeconds: Int) async throws {
        try await connection.execute(
            """
            CREATE SCHEMA \(SQLIdentifier.quote(name));
            SET client_min_messages TO warning;
            SET search_path TO \(SQLIdentifier.quote(name)), pg_catalog;
            SET TimeZone TO 'UTC';
            SET DateStyle TO 'ISO, YMD';
            SET IntervalStyle TO 'postgres';
            SET extra_float_digits TO 1;
            SET statement_timeout TO \(max(0, statementTimeoutSeconds) * 1000);
            """)
    }

    /// Drops the schema and everything in it.
    package func drop() async throws {
        try await connection.execute("DROP SCHEMA IF EXISTS \(SQLIdentifier.quote(name)) CASCADE")
    }

    /// Whether a table or view exists in the schema.
    package func exists(_ table: String) async throws -> Bool {
        let rows = try await connection.query("SELECT to_regclass($1) IS NOT NULL", parameters: [qualified(table)])
        return rows.rows.first?.first??.hasPrefix("t") ?? false
    }

    /// A relation's columns and their unload types, in column order.
    package func columns(of table: String) async throws -> [(name: String, type: WarehouseColumnType)] {
        let rows = try await connection.query(
            """
            SELECT a.attname, t.typname, a.atttypmod FROM pg_attribute a JOIN pg_type t ON t.oid = a.atttypid
            WHERE a.attrelid = $1::regclass AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum
            """, parameters: [qualified(table)])
        return rows.rows.map { row in
            (row[0] ?? "", WarehouseColumnType(typname: row[1] ?? "", typmod: Int(row[2] ?? "") ?? -1))
        }
    }

    /// Rows in a relation.
    package func count(_ table: String) async throws -> Int {
        let rows = try await connection.query("SELECT count(*) FROM \(qualified(table))")
        return Int(rows.rows.first?.first.flatMap { $0 } ?? "0") ?? 0
    }

    /// Creates an empty table with the given columns.
    package func createTable(_ table: String, columns: [(name: String, type: WarehouseColumnType)]) async throws {
        let definitions = columns.map { "\(SQLIdentifier.quote($0.name)) \($0.type.sqlName)" }.joined(separator: ", ")
        try await connection.execute("CREATE TABLE \(qualified(table)) (\(definitions))")
    }

    /// Loads a CSV text with a header row into a new all-text table (seeds).
    package func loadCSV(_ table: String, csv: String) async throws {
        guard let header = csv.split(separator: "\n", maxSplits: 1).first else {
            throw TransformError(.loadFailed, "seed \(table) is empty")
        }
        let names = header.split(separator: ",").map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
        try await createTable(table, columns: names.map { ($0, .text) })
        let columnList = names.map(SQLIdentifier.quote).joined(separator: ", ")
        _ = try await connection.copyIn("COPY \(qualified(table)) (\(columnList)) FROM STDIN WITH (FORMAT csv, HEADER true)") { writer in
            try await writer.write(csv)
        }
    }

    /// Whether two tables hold the same multiset of rows over `table`'s columns (types cast to `table`'s).
    package func sameContent(_ table: String, as other: String) async throws -> Bool {
        let mine = try await columns(of: table)
        let theirs = Set(try await columns(of: other).map(\.name))
        guard mine.allSatisfy({ theirs.contains($0.name) }) else { return false }
        let left = mine.map { SQLIdentifier.quote($0.name) }.joined(separator: ", ")
        var castList: [String] = []
        for column in mine {
            castList.append("\(SQLIdentifier.quote(column.name))::\(try await formatType(table: table, column: column.name))")
        }
        let sql = """
            SELECT (SELECT count(*) FROM \(qualified(table))) = (SELECT count(*) FROM \(qualified(other)))
               AND NOT EXISTS (SELECT \(left) FROM \(qualified(table)) EXCEPT ALL SELECT \(castList.joined(separator: ", ")) FROM \(qualified(other)))
            """
        let rows = try await connection.query(sql)
        return rows.rows.first?.first??.hasPrefix("t") ?? false
    }

    /// `format_type` of a column, e.g. `numeric(10,2)` or `timestamp with time zone`.
    package func formatType(table: String, column: String) async throws -> String {
        let rows = try await connection.query(
            "SELECT format_type(atttypid, atttypmod) FROM pg_attribute WHERE attrelid = $1::regclass AND attname = $2",
            parameters: [qualified(table), column])
        guard let type = rows.rows.first?.first.flatMap({ $0 }) else {
            throw TransformError(.modelFailed, "column \(column) of \(table) not found")
        }
        return type
    }
}
