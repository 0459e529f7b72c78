import PipelineRuntime
import Postgres

/// Reads table definitions from the source's catalog (`pg_attribute`, `pg_type`), so only names the
/// catalog confirms are ever used in SQL, and always quoted.
package struct SourceTableCatalog: Sendable {
    package let connection: PostgresConnection
    package let schema: String

    package init(connection: PostgresConnection, schema: String) {
        self.connection = connection
        self.schema = schema
    }

    /// The columns of `table` in ordinal order.
    ///
    /// - Throws: ``StageError`` `source_table_missing` when the table does not exist,
    ///   `unsupported_column_type` naming table and column for a type outside the map of ``SourceColumn``.
    package func columns(of table: String) async throws -> [SourceColumn] {
        let rows = try await connection.query(
            """
            SELECT a.attname,
                   base.typname,
                   CASE WHEN t.typtype = 'd' THEN t.typtypmod ELSE a.atttypmod END AS typmod,
                   a.attnotnull
              FROM pg_attribute a
              JOIN pg_type t ON t.oid = a.atttypid
              JOIN pg_type base ON base.oid = CASE WHEN t.typtype = 'd' THEN t.typbasetype ELSE t.oid END
             WHERE a.attrelid = to_regclass(format('%I.%I', $1::text, $2::text))
               AND a.attnum > 0 AND NOT a.attisdropped
             ORDER BY a.attnum
            """, parameters: [schema, table])
        guard !rows.rows.isEmpty else {
            throw StageError("source_table_missing", "source table \(schema).\(table) does not exist or has no columns")
        }
        return try rows.rows.map { row in
            try SourceColumn(
                table: table, name: row[0] ?? "", typeName: row[1] ?? "unknown",
                typeModifier: Int(row[2] ?? "-1") ?? -1, isNullable: row[3] != "t")
        }
    }
}
