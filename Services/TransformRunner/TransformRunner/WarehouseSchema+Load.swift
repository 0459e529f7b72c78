import Foundation
import Parquet
import PipelineContracts
import Postgres

/// Lineage appended to every loaded input row: the business date and run of the manifest that listed the file.
package struct InputLineage: Sendable, Hashable {
    package var businessDate: BusinessDate
    package var runID: RunID

    package init(businessDate: BusinessDate, runID: RunID) {
        self.businessDate = businessDate
        self.runID = runID
    }

    /// The lineage columns' names.
    package static let columns = ["_business_date", "_source_run_id"]
}

extension WarehouseSchema {
    /// Loads one Parquet file into `table` with `COPY … FROM STDIN` (text format), creating the table from the
    /// file's schema if needed (Parquet types → PostgreSQL types, ``WarehouseColumnType``).
    ///
    /// Files of one input may differ: a column the table lacks is added; a column whose type differs between
    /// files becomes text (values keep their text form, and the models cast them). With `lineage`, the
    /// columns `_business_date` and `_source_run_id` are filled for every row.
    /// - Returns: rows loaded.
    package func load(_ reader: ParquetReader, into table: String, lineage: InputLineage?) async throws -> Int {
        var existing = try await exists(table) ? Dictionary(uniqueKeysWithValues: try await columns(of: table).map { ($0.name, $0.type) }) : nil
        let fileColumns = reader.schema.columns.map { ($0.name, WarehouseColumnType(parquet: $0.type)) }
        if existing == nil {
            var definitions = fileColumns
            if lineage != nil { definitions += [("_business_date", .date), ("_source_run_id", .text)] }
            try await createTable(table, columns: definitions)
            existing = Dictionary(uniqueKeysWithValues: definitions.map { ($0.0, $0.1) })
        }
        for (name, type) in fileColumns {
            switch existing?[name] {
            case nil:
                try await connection.execute("ALTER TABLE \(qualified(table)) ADD COLUMN \(SQLIdentifier.quote(name)) \(type.sqlName)")
            case .some(let current) where current != type && current != .text:
                try await connection.execute(
                    "ALTER TABLE \(qualified(table)) ALTER COLUMN \(SQLIdentifier.quote(name)) TYPE text USING \(SQLIdentifier.quote(name))::text")
            default:
                break
            }
        }
        var names = fileColumns.map { SQLIdentifier.quote($0.0) }
        var suffix: [UInt8] = []
        if let lineage {
            names += InputLineage.columns.map(SQLIdentifier.quote)
            suffix = Array("\t\(lineage.businessDate)\t\(lineage.runID)".utf8)
        }
        guard !names.isEmpty else { return 0 }
        let types = reader.schema.columns.map(\.type)
        return try await connection.copyIn("COPY \(qualified(table)) (\(names.joined(separator: ", "))) FROM STDIN") { writer in
            for group in 0..<reader.rowGroupCount {
                let batch = try reader.readRowGroup(group)
                var buffer: [UInt8] = []
                buffer.reserveCapacity(1 << 20)
                for row in 0..<batch.rowCount {
                    for column in batch.columns.indices {
                        if column > 0 { buffer.append(0x09) }
                        try CopyTextCodec.append(batch.columns[column][row], type: types[column], to: &buffer)
                    }
                    buffer += suffix
                    buffer.append(0x0A)
                    if buffer.count >= 1 << 20 {
                        try await writer.write(buffer)
                        buffer.removeAll(keepingCapacity: true)
                    }
                }
                if !buffer.isEmpty { try await writer.write(buffer) }
            }
        }
    }

    /// Makes sure `table` exists and has every declared column (missing ones are added as NULL text), so the
    /// models can read an input that had no file in this run or a file that lacks an optional column.
    package func ensureDeclaredColumns(_ table: String, declared: [String], lineage: Bool) async throws {
        if try await !exists(table) {
            var columns: [(name: String, type: WarehouseColumnType)] = declared.map { ($0, .text) }
            if lineage { columns += [("_business_date", .date), ("_source_run_id", .text)] }
            try await createTable(table, columns: columns)
            return
        }
        let present = Set(try await columns(of: table).map(\.name))
        for name in declared where !present.contains(name) {
            try await connection.execute("ALTER TABLE \(qualified(table)) ADD COLUMN \(SQLIdentifier.quote(name)) text")
        }
    }
}
