import Foundation
import Parquet
import PipelineContracts
import PipelineRuntime
import SourceFiles

/// Converts a landed Trust export file into typed Bronze Parquet plus a rejects file, sharing the CSV and
/// XLSX handling of `SourceFiles` with sftp-ingest: a malformed row is quarantined with its line, column
/// and reason; a file that is not what its name says fails the run with a message naming the file.
struct ExportFileConverter: Sendable {
    func convert(_ localPath: String, kind: ExportFileKind, sourceName: String, area: LakeKey.Area, context: RunContext) async throws {
        let spec = ExportTableSpecs.spec(for: kind)
        let entity = kind.entity.rawValue
        let parquetPath = context.temporaryPath(".parquet")
        let rejectsPath = context.temporaryPath("-rejects.parquet")
        defer {
            try? FileManager.default.removeItem(atPath: parquetPath)
            try? FileManager.default.removeItem(atPath: rejectsPath)
        }
        let summary: CSVConversionSummary
        do {
            switch kind {
            case .providerWorkbook:
                summary = try convertWorkbook(localPath, spec: spec, name: sourceName, parquetPath: parquetPath, rejectsPath: rejectsPath)
            case .diagnosticOrders, .lsoaImdLookup, .ethnicityCodeMapping:
                guard try SourceFileType.detect(path: localPath) == .csv else {
                    throw StageError("unexpected_file_type", "\(sourceName) is named like a CSV export but is not CSV text")
                }
                summary = try CSVToParquetConverter(spec: spec).convertFile(csvPath: localPath, parquetPath: parquetPath, rejectsPath: rejectsPath)
            }
        } catch let error as SourceFileError {
            throw StageError("malformed_export", "\(sourceName): \(error)")
        }
        try await context.publish(
            file: parquetPath, key: try LakeKey(area, file: LakeKey.partFileName(0)), dataset: entity, rows: summary.rowsWritten)
        try await context.publish(
            file: rejectsPath, key: try LakeKey(area, file: "rejects/" + LakeKey.partFileName(0)), dataset: "rejects",
            rows: summary.rowsRejected + summary.headerProblems.count)
        context.addMetric("\(entity).rows_read", Double(summary.rowsRead))
        context.addMetric("\(entity).rows_written", Double(summary.rowsWritten))
        context.addMetric("\(entity).rows_rejected", Double(summary.rowsRejected))
        if summary.rowsRejected > 0 {
            context.logger.warning(
                "\(summary.rowsRejected) malformed rows of \(sourceName) quarantined in Bronze rejects",
                metadata: ["event": "rows_rejected", "dataset": "\(entity)"])
        }
    }

    /// The workbook's sheet as typed rows: the first row is the header; cells go through the same typed
    /// parsing as CSV fields (Excel booleans `TRUE`/`FALSE` included).
    private func convertWorkbook(_ path: String, spec: TypedTableSpec, name: String, parquetPath: String, rejectsPath: String) throws -> CSVConversionSummary {
        let sheet = try XLSXReader(path: path).readSheet(named: "sites_and_services")
        guard let header = sheet.rows.first?.map({ $0 ?? "" }) else {
            throw StageError("malformed_export", "\(name): sheet sites_and_services is empty; expected a header row")
        }
        var positions: [Int] = []
        for column in spec.columns {
            guard let index = header.firstIndex(of: column.name) else {
                throw StageError("malformed_export", "\(name): column '\(column.name)' is missing from sheet sites_and_services")
            }
            positions.append(index)
        }
        let writer = try ParquetWriter(path: parquetPath, schema: spec.parquetSchema)
        let rejects = try ParquetWriter(path: rejectsPath, schema: CSVReject.parquetSchema)
        var summary = CSVConversionSummary(rowsRead: 0, rowsWritten: 0, rowsRejected: 0, headerProblems: [], header: header)
        for (offset, cells) in sheet.rows.dropFirst().enumerated() {
            if cells.allSatisfy({ ($0 ?? "").isEmpty }) { continue }
            summary.rowsRead += 1
            var row: [ParquetValue] = []
            var failure: CSVReject?
            for (column, position) in zip(spec.columns, positions) {
                var text = position < cells.count ? (cells[position] ?? "") : ""
                if case .boolean = column.type { text = text.lowercased() }
                switch spec.parse(text, for: column) {
                case .success(let value): row.append(value)
                case .failure(let error):
                    failure = CSVReject(
                        lineNumber: offset + 2, column: column.name, reason: error.reason,
                        rawLine: cells.map { $0 ?? "" }.joined(separator: ","))
                }
                if failure != nil { break }
            }
            if let failure {
                try rejects.write(row: failure.parquetRow)
                summary.rowsRejected += 1
            } else {
                try writer.write(row: row)
                summary.rowsWritten += 1
            }
        }
        _ = try writer.close()
        _ = try rejects.close()
        return summary
    }
}
