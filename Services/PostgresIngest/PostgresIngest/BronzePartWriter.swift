import Foundation
import Parquet
import PipelineContracts

/// Writes one table's Bronze rows as numbered Parquet part files in the run's scratch folder, rolling to a new
/// part every `rowsPerFile` rows; each finished part is handed to `finished` for publishing.
///
/// There is always at least one part, so a table with no rows for the day yields a valid zero-row file.
final class BronzePartWriter {
    /// A closed part file waiting to be published.
    struct Part: Sendable {
        var index: Int
        var path: String
        var rows: Int
    }

    let schema: ParquetSchema
    let rowsPerFile: Int
    private let directory: String
    private let finished: (Part) -> Void
    private var writer: ParquetWriter?
    private var path = ""
    private var index = 0
    private var rowsInPart = 0

    init(schema: ParquetSchema, rowsPerFile: Int, directory: String, finished: @escaping (Part) -> Void) {
        self.schema = schema
        self.rowsPerFile = rowsPerFile
        self.directory = directory
        self.finished = finished
    }

    /// Writes a chunk of columns as one row group (never more rows than fit in the current part: the caller,
    /// ``BackgroundChunkWriter``, sizes chunks by its `capacityInPart`), rolling to the next part when full.
    func write(_ columns: [ParquetColumnData], rows: Int) throws {
        guard rows > 0 else { return }
        let writer = try currentWriter()
        try writer.writeRowGroup(columns: columns)
        rowsInPart += rows
        if rowsInPart >= rowsPerFile { try closePart() }
    }

    /// Closes the last part (creating an empty one if nothing was written at all).
    func finish() throws {
        if writer != nil || index == 0 {
            _ = try currentWriter()
            try closePart()
        }
    }

    private func currentWriter() throws -> ParquetWriter {
        if let writer { return writer }
        path = directory + "/" + LakeKey.partFileName(index)
        let opened = try ParquetWriter(path: path, schema: schema)
        writer = opened
        return opened
    }

    private func closePart() throws {
        guard let writer else { return }
        let summary = try writer.close()
        self.writer = nil
        finished(Part(index: index, path: path, rows: summary.rows))
        index += 1
        rowsInPart = 0
    }
}
