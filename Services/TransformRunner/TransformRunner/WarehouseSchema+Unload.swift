import Foundation
import Parquet
import Postgres

extension WarehouseSchema {
    /// Writes a table to a local Parquet file with `COPY (SELECT …) TO STDOUT`, typing each column from the
    /// catalog (``WarehouseColumnType``): timestamptz → timestamp(micros, UTC-adjusted), timestamp →
    /// timestamp(micros, local), date → date, numeric(p,s) → decimal, unconstrained numeric → double.
    ///
    /// - Returns: rows written.
    package func unload(_ table: String, to path: String) async throws -> Int {
        let columns = try await columns(of: table)
        let schema = ParquetSchema(columns.map { ParquetColumn($0.name, $0.type.parquetType) })
        let writer = try ParquetWriter(path: path, schema: schema)
        let expressions = columns.map { $0.type.unloadExpression(SQLIdentifier.quote($0.name)) }.joined(separator: ", ")
        do {
            _ = try await connection.copyOutBatches("COPY (SELECT \(expressions) FROM \(qualified(table))) TO STDOUT") { batch in
                for index in 0..<batch.count {
                    let fields = CopyTextCodec.fields(batch.bytes[batch.range(of: index)])
                    guard fields.count == columns.count else {
                        throw TransformError(.unloadFailed, "table \(table): a row has \(fields.count) fields for \(columns.count) columns")
                    }
                    var row: [ParquetValue] = []
                    row.reserveCapacity(columns.count)
                    for (field, column) in zip(fields, columns) {
                        row.append(try CopyTextCodec.value(field, type: column.type, column: column.name))
                    }
                    try writer.write(row: row)
                }
            }
            return try writer.close().rows
        } catch {
            _ = try? writer.close()
            throw error
        }
    }
}
