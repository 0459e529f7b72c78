import Foundation
import Parquet

/// Streams a CSV file into a typed Parquet file following a ``TypedTableSpec``, sending every malformed row to
/// a rejects sink: syntax errors, invalid UTF-8, a wrong field count, an unparseable value or a missing
/// required value. Memory is bounded by the reader's record and the writer's row group.
///
/// Fields are typed from the reader's bytes into typed column arrays (``ParquetBatchBuilder``); text is made
/// only for rejects.
package struct CSVToParquetConverter: Sendable {
    /// The expected columns.
    package let spec: TypedTableSpec

    /// Creates a converter.
    package init(spec: TypedTableSpec) { self.spec = spec }

    /// Converts every record of `reader` into `writer` (whose schema must be ``TypedTableSpec/parquetSchema``).
    ///
    /// - Parameter reject: receives each rejected row, in file order.
    /// - Throws: ``SourceFileError`` for fatal problems: an empty file (`.emptyFile`), a header that is not
    ///   CSV text (`.notCSV`) or does not match the spec (`.headerMismatch`, naming the column); Parquet or I/O
    ///   errors from the writer.
    package func convert(
        _ reader: CSVReader, into writer: ParquetWriter, reject: (CSVReject) throws -> Void
    ) throws -> CSVConversionSummary {
        guard let headerRecord = try reader.next() else {
            throw SourceFileError(.emptyFile, "file is empty; expected a header row", file: reader.name, line: 1)
        }
        if let problem = headerRecord.problem {
            throw SourceFileError(
                .notCSV, "header row is not valid CSV text (\(problem.reason))", file: reader.name, line: headerRecord.line)
        }
        let header = headerRecord.fields
        let (mapping, headerProblems) = try map(header: header, line: headerRecord.line, name: reader.name)
        for problem in headerProblems { try reject(problem) }

        var summary = CSVConversionSummary(
            rowsRead: 0, rowsWritten: 0, rowsRejected: 0, headerProblems: headerProblems, header: header)
        // Spec column → field index, -1 for a column absent from the file (null).
        let fields = UnsafeMutableBufferPointer<Int>.allocate(capacity: mapping.count)
        defer { fields.deallocate() }
        for (index, source) in mapping.enumerated() { fields[index] = source ?? -1 }
        let batch = ParquetBatchBuilder.isSupported(spec) ? ParquetBatchBuilder(spec: spec, options: writer.options) : nil
        // Row groups are encoded on a queue of their own while the next rows are typed.
        let rowGroups = BackgroundRowGroupWriter(writer: writer)
        defer { rowGroups.drain() }
        var row = [ParquetValue](repeating: .null, count: spec.columns.count)
        while try reader.advance() {
            summary.rowsRead += 1
            if let problem = reader.recordProblem {
                let column = problem.fieldIndex.flatMap { $0 < header.count ? header[$0] : nil }
                try reject(
                    CSVReject(
                        lineNumber: reader.recordLine, column: column, reason: problem.reason,
                        rawLine: reader.rawLineString()))
                summary.rowsRejected += 1
                continue
            }
            guard reader.fieldCount == header.count else {
                try reject(
                    CSVReject(
                        lineNumber: reader.recordLine, column: nil,
                        reason: "expected \(header.count) fields, found \(reader.fieldCount)",
                        rawLine: reader.rawLineString()))
                summary.rowsRejected += 1
                continue
            }
            if let batch {
                if let (index, reason) = batch.append(reader.fields, mapping: UnsafeBufferPointer(fields)) {
                    try reject(
                        CSVReject(
                            lineNumber: reader.recordLine, column: spec.columns[index].name, reason: reason.failure.reason,
                            rawLine: reader.rawLineString()))
                    summary.rowsRejected += 1
                    continue
                }
                summary.rowsWritten += 1
                if batch.isRowGroupComplete { try rowGroups.submit(batch.takeRowGroup) }
                continue
            }
            // Row by row, for specs the batch builder cannot hold.
            var failure: CSVReject?
            for (index, column) in spec.columns.enumerated() {
                guard fields[index] >= 0 else {
                    row[index] = .null
                    continue
                }
                switch TypedValueParser.parse(bytes: reader.field(fields[index]), as: column.type, nullable: column.isNullable) {
                case .success(let value): row[index] = value
                case .failure(let error):
                    failure = CSVReject(
                        lineNumber: reader.recordLine, column: column.name, reason: error.reason,
                        rawLine: reader.rawLineString())
                }
                if failure != nil { break }
            }
            if let failure {
                try reject(failure)
                summary.rowsRejected += 1
            } else {
                try writer.write(row: row)
                summary.rowsWritten += 1
            }
        }
        if let batch, batch.rowCount > 0 { try rowGroups.submit(batch.takeRowGroup) }
        try rowGroups.finish()
        return summary
    }

    /// Converts the CSV file at `csvPath` into a typed Parquet file and a rejects Parquet file
    /// (schema ``CSVReject/parquetSchema``), both always written (possibly with zero rows).
    package func convertFile(
        csvPath: String, parquetPath: String, rejectsPath: String, options: ParquetWriterOptions = .init()
    ) throws -> CSVConversionSummary {
        let reader = try CSVReader(path: csvPath)
        let writer = try ParquetWriter(path: parquetPath, schema: spec.parquetSchema, options: options)
        let rejects = try ParquetWriter(path: rejectsPath, schema: CSVReject.parquetSchema, options: options)
        let summary = try convert(reader, into: writer) { try rejects.write(row: $0.parquetRow) }
        _ = try writer.close()
        _ = try rejects.close()
        return summary
    }

    /// For each spec column, the index of its field in the header (nil when absent under the lenient policy).
    private func map(header: [String], line: Int, name: String) throws -> ([Int?], [CSVReject]) {
        var positions: [String: Int] = [:]
        var problems: [CSVReject] = []
        let rawHeader = header.joined(separator: ",")
        for (index, column) in header.enumerated() {
            if positions[column] != nil {
                throw SourceFileError(.headerMismatch, "duplicate column '\(column)' in the header", file: name, line: line, column: column)
            }
            positions[column] = index
        }
        let expected = Set(spec.columns.map(\.name))
        for column in header where !expected.contains(column) {
            guard spec.headerPolicy == .lenient else {
                throw SourceFileError(.headerMismatch, "unexpected column '\(column)' in the header", file: name, line: line, column: column)
            }
            problems.append(CSVReject(lineNumber: line, column: column, reason: "unknown column (ignored)", rawLine: rawHeader))
        }
        var mapping: [Int?] = []
        for column in spec.columns {
            if let index = positions[column.name] {
                mapping.append(index)
                continue
            }
            guard spec.headerPolicy == .lenient, column.isNullable else {
                throw SourceFileError(
                    .headerMismatch, "required column '\(column.name)' is missing from the header", file: name, line: line,
                    column: column.name)
            }
            problems.append(CSVReject(lineNumber: line, column: column.name, reason: "missing column (read as null)", rawLine: rawHeader))
            mapping.append(nil)
        }
        return (mapping, problems)
    }
}
