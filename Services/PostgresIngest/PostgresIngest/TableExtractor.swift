import Foundation
import Logging
import Parquet
import PipelineContracts
import PipelineRuntime
import Postgres

/// Extracts one table's rows for one release into Bronze Parquet parts, inside the caller's transaction.
///
/// Steps, all in the same REPEATABLE READ snapshot: read the columns from the catalog, count the rows that
/// match the window, stream `COPY (SELECT … WHERE …) TO STDOUT (FORMAT binary)` through the binary decoder
/// into Parquet parts (published while the COPY continues), and check that rows written equal rows counted.
package struct TableExtractor: Sendable {
    /// Rows decoded before they are handed to the Parquet writer: one whole row group, encoded as given (no copy
    /// into the writer's buffers).
    static let chunkRows = ParquetWriterOptions().rowGroupRowLimit
    /// Decoded row groups that may wait for the Parquet writer's thread while the next one is decoded.
    static let chunksInFlight = 2

    package let connection: PostgresConnection
    /// A second connection in the same snapshot for the row counts (run while the COPY streams), or nil to
    /// count on `connection` first.
    package let counter: PostgresConnection?
    package let configuration: PostgresIngestConfiguration

    package init(connection: PostgresConnection, counter: PostgresConnection? = nil, configuration: PostgresIngestConfiguration) {
        self.connection = connection
        self.counter = counter
        self.configuration = configuration
    }

    /// What one extract produced.
    package struct Result: Sendable {
        package var sourceRows: Int
        package var rowsWritten: Int
        package var parts: Int
        package var seconds: Double
    }

    /// Extracts `table` for `window` and publishes its parts through `context`.
    ///
    /// - Throws: ``StageError`` `row_count_mismatch`, `unsupported_column_type`, `invalid_cursor_column`,
    ///   `source_decode_failed`; ``PostgresError`` from the source.
    package func extract(_ table: BronzeEntity, window: ExtractWindow, context: RunContext) async throws -> Result {
        let started = ContinuousClock.now
        let name = table.rawValue
        let columns = try await SourceTableCatalog(connection: connection, schema: configuration.schema).columns(of: name)
        let cursorName = configuration.cursorColumn(of: table)
        guard let cursor = columns.first(where: { $0.name == cursorName }) else {
            throw StageError("invalid_cursor_column", "table \(name) has no cursor column \(cursorName)")
        }
        let predicate = try window.predicate(cursor: cursor, table: name)
        let source = SQLIdentifier.quote(configuration.schema, name)
        let countSQL = "SELECT count(*) FROM \(source) WHERE \(predicate)"
        let counter = self.counter
        async let counted = (counter ?? connection).query(countSQL)
        if counter == nil { _ = try await counted }
        let select = columns.map(\.selectExpression).joined(separator: ", ")
        let copy = "COPY (SELECT \(select) FROM \(source) WHERE \(predicate)) TO STDOUT (FORMAT binary)"
        context.logger.debug("extracting table", metadata: ["event": "table_extract_started", "table": "\(name)"])

        let directory = context.scratch + "/" + name
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let schema = ParquetSchema(columns.map(\.parquetColumn))
        let (parts, partQueue) = AsyncStream.makeStream(of: BronzePartWriter.Part.self)
        let (written, partCount) = try await withThrowingTaskGroup(of: (Int, Int).self) { group in
            group.addTask {
                var published = 0
                var count = 0
                for await part in parts {
                    let key = try LakeKey(
                        .bronze(source: table.source, entity: table.name, date: context.businessDate, run: context.runID),
                        file: LakeKey.partFileName(part.index))
                    try await context.publish(file: part.path, key: key, dataset: name, rows: part.rows)
                    try? FileManager.default.removeItem(atPath: part.path)
                    published += part.rows
                    count += 1
                }
                return (published, count)
            }
            do {
                let copied = try await stream(copy, columns: columns, table: name, schema: schema, directory: directory) {
                    partQueue.yield($0)
                }
                partQueue.finish()
                let (published, count) = try await group.next() ?? (0, 0)
                guard copied.copied == copied.decoded, published == copied.decoded else {
                    throw StageError(
                        "row_count_mismatch",
                        "table \(name): the COPY reported \(copied.copied) rows, \(copied.decoded) were decoded, \(published) written")
                }
                return (published, count)
            } catch {
                partQueue.finish()
                group.cancelAll()
                throw error
            }
        }
        guard let sourceRows = try await counted.rows.first?[0].flatMap({ Int($0) }) else {
            throw StageError("source_query_failed", "cannot count the rows of \(name)")
        }
        guard written == sourceRows else {
            throw StageError(
                "row_count_mismatch", "table \(name): \(sourceRows) rows match the window at the source but \(written) were written")
        }
        let seconds = (ContinuousClock.now - started).seconds
        return Result(sourceRows: sourceRows, rowsWritten: written, parts: partCount, seconds: seconds)
    }

    /// Runs the COPY, decoding into column buffers and writing chunks to rolling parts.
    private func stream(
        _ sql: String, columns: [SourceColumn], table: String, schema: ParquetSchema, directory: String,
        finished: @escaping (BronzePartWriter.Part) -> Void
    ) async throws -> (copied: Int, decoded: Int) {
        let buffers = columns.map { BronzeColumnBuffer(column: $0, table: table) }
        var decoder = BinaryCopyDecoder(table: table, columns: buffers)
        let parts = BackgroundChunkWriter(
            parts: BronzePartWriter(schema: schema, rowsPerFile: configuration.rowsPerFile, directory: directory, finished: finished),
            depth: Self.chunksInFlight)
        var buffered = 0
        func flush() throws {
            guard buffered > 0 else { return }
            try parts.submit(decoder.takeChunk(), rows: buffered)
            buffered = 0
        }
        do {
            let copied = try await connection.copyOutBatches(sql) { batch in
                try batch.bytes.withUnsafeBytes { bytes in
                    for index in 0..<batch.count {
                        buffered += try decoder.decode(UnsafeRawBufferPointer(rebasing: bytes[batch.range(of: index)]))
                        if buffered >= min(Self.chunkRows, parts.capacityInPart) { try flush() }
                    }
                }
            }
            guard decoder.sawTrailer else {
                throw StageError("source_decode_failed", "table \(table): the binary COPY stream ended without its trailer")
            }
            try flush()
            try parts.finish()
            return (copied, decoder.rows)
        } catch {
            parts.drain()
            throw error
        }
    }
}
