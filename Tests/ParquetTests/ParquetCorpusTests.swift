import Foundation
import Testing

@testable import Parquet

/// Reads every file of the shared corpus and compares with its `.expected.json`.
@Suite struct ParquetCorpusTests {
    @Test func corpusIsPresent() throws {
        let files = try TestDataDirectory.parquetFiles()
        #expect(files.count >= 18, "expected the parquet-testing and pyarrow-generated files at \(TestDataDirectory.root.path)")
    }

    @Test(arguments: TestDataDirectory.parquetFilePaths)
    func readsFileAsExpected(path: String) throws {
        let expected = try ExpectedJSON.parse(Array(try Data(contentsOf: URL(fileURLWithPath: path + ".expected.json"))))
        let name = URL(fileURLWithPath: path).lastPathComponent
        if expected["expect"]?["minimal_flat_reader"]?.string == "reject" {
            let kind = try #require(expected["expect"]?["error_kind"]?.string)
            let error = #expect(throws: ParquetError.self, "\(name) must be rejected") {
                let reader = try ParquetReader(path: path)
                _ = try reader.readAll()
            }
            #expect(error?.code.rawValue == kind, "\(name): \(String(describing: error))")
            #expect(error?.file == path)
            return
        }
        let reader = try ParquetReader(path: path)
        try Self.compare(reader: reader, with: expected, name: name)

        // The same bytes through the in-memory path must give the same values.
        let fromBytes = try ParquetReader(bytes: Array(try Data(contentsOf: URL(fileURLWithPath: path))), name: name)
        // (Compared in canonical form: NaN != NaN for ParquetValue equality.)
        let viaBytes = try fromBytes.readAll()
        let viaFile = try reader.readAll()
        for (index, column) in viaFile.schema.columns.enumerated() {
            let fileValues = viaFile.columns[index].map { CanonicalValue.ofOurs($0, column.type) }
            let byteValues = viaBytes.columns[index].map { CanonicalValue.ofOurs($0, column.type) }
            #expect(fileValues == byteValues, "\(name).\(column.name) differs between file and bytes")
        }
    }

    static func compare(reader: ParquetReader, with expected: ExpectedJSON, name: String) throws {
        #expect(reader.rowCount == expected["num_rows"]?.int, "\(name): num_rows")
        let groupRows = expected["row_group_num_rows"]?.array?.compactMap(\.int) ?? []
        #expect(reader.rowGroupRowCounts == groupRows, "\(name): row_group_num_rows")
        #expect(reader.createdBy == expected["footer"]?["created_by"]?.string)

        let columns = try #require(expected["schema"]?["columns"]?.array)
        #expect(reader.schema.columns.count == columns.count, "\(name): column count")
        var encodings: [String: String] = [:]
        for (ours, theirs) in zip(reader.schema.columns, columns) {
            let encoding = theirs["value_encoding"]?.string ?? "?"
            encodings[ours.name] = encoding
            #expect(ours.name == theirs["name"]?.string)
            #expect(ours.isNullable == (theirs["nullable"] == .bool(true)), "\(name).\(ours.name): nullability")
            let physical = theirs["physical_type"]?.string ?? ""
            #expect(
                CanonicalValue.encoding(of: ours.type, physical: physical) == encoding,
                "\(name).\(ours.name): \(ours.type) vs \(encoding)")
        }

        let batch = try reader.readAll()
        #expect(batch.rowCount == reader.rowCount)
        let nullCounts = try #require(expected["null_counts"]?.object)
        for (index, column) in batch.schema.columns.enumerated() {
            let nulls = batch.columns[index].filter(\.isNull).count
            #expect(nulls == nullCounts[column.name]?.int, "\(name).\(column.name): nulls")
        }

        var rowsToCheck = expected["first_rows"]?.array ?? []
        if let all = expected["all_rows"]?.array { rowsToCheck = all }
        for (rowIndex, row) in rowsToCheck.enumerated() {
            for (index, column) in batch.schema.columns.enumerated() {
                let encoding = encodings[column.name] ?? "?"
                let ours = CanonicalValue.ofOurs(batch.columns[index][rowIndex], column.type)
                let theirs = CanonicalValue.ofExpected(row[column.name] ?? .null, encoding: encoding)
                #expect(ours == theirs, "\(name) row \(rowIndex) column \(column.name)")
            }
        }

        let summaries = try #require(expected["column_summaries"]?.object)
        for (index, column) in batch.schema.columns.enumerated() {
            guard let summary = summaries[column.name] else { continue }
            try ColumnSummary.check(batch.columns[index], column: column, encoding: encodings[column.name] ?? "?", summary: summary, file: name)
        }
    }
}
