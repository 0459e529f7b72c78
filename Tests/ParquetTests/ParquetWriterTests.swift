import Foundation
import Testing

@testable import Parquet

@Suite struct ParquetWriterTests {
    private func temporaryPath(_ name: String) throws -> (URL, String) {
        let directory = try TestDataDirectory.temporaryDirectory()
        return (directory, directory.appendingPathComponent(name).path)
    }

    @Test func zeroRowFileIsValidForUsAndPyArrow() throws {
        let (directory, path) = try temporaryPath("empty.parquet")
        defer { try? FileManager.default.removeItem(at: directory) }
        let schema = ParquetSchema([ParquetColumn("id", .int64, nullable: false), ParquetColumn("name", .string)])
        let summary = try ParquetWriter(path: path, schema: schema).close()
        #expect(summary == ParquetFileSummary(rows: 0, bytes: summary.bytes, rowGroups: 0))
        let reader = try ParquetReader(path: path)
        #expect(reader.schema == schema)
        #expect(reader.rowCount == 0)
        #expect(try reader.readAll().rowCount == 0)
        let output = try ExpectedJSON.parse(
            try PythonProcess.run(InteropScripts.readWithPyArrowAndDuckDB, arguments: [path, "[[\"id\", \"int\"], [\"name\", \"string\"]]"]))
        #expect(output["pyarrow"]?["columns"]?["id"]?.array == [])
        #expect(output["duckdb"]?["columns"]?["name"]?.array == [])
    }

    @Test func rejectsBadRowsNamingTheColumn() throws {
        let (directory, path) = try temporaryPath("bad.parquet")
        defer { try? FileManager.default.removeItem(at: directory) }
        let schema = ParquetSchema([
            ParquetColumn("id", .int64, nullable: false), ParquetColumn("amount", .decimal(precision: 5, scale: 2)),
        ])
        let writer = try ParquetWriter(path: path, schema: schema)
        let arity = #expect(throws: ParquetError.self) { try writer.write(row: [.int64(1)]) }
        #expect(arity?.code == .schemaMismatch)
        let null = #expect(throws: ParquetError.self) { try writer.write(row: [.null, .null]) }
        #expect(null?.code == .invalidValue)
        #expect(null?.column == "id")
        let type = #expect(throws: ParquetError.self) { try writer.write(row: [.int64(1), .string("1.00")]) }
        #expect(type?.column == "amount")
        let precision = #expect(throws: ParquetError.self) { try writer.write(row: [.int64(1), .decimal(100_000)]) }
        #expect(precision?.column == "amount")
        try writer.write(row: [.int64(1), .decimal(-99_999)])
        #expect(try writer.close().rows == 1)  // rejected rows left nothing behind
        #expect(try ParquetReader(path: path).readAll().row(0) == [.int64(1), .decimal(-99_999)])
        #expect(throws: ParquetError.self) { try writer.write(row: [.int64(2), .null]) }
    }

    @Test func columnarBatchesMatchRowWrites() throws {
        let (directory, path) = try temporaryPath("columns.parquet")
        defer { try? FileManager.default.removeItem(at: directory) }
        let schema = ParquetSchema([
            ParquetColumn("id", .int64, nullable: false), ParquetColumn("code", .string),
            ParquetColumn("amount", .decimal(precision: 20, scale: 2)),
        ])
        var options = ParquetWriterOptions()
        options.rowGroupRowLimit = 700
        let writer = try ParquetWriter(path: path, schema: schema, options: options)
        let count = 2_000
        let validity = (0..<count).map { $0 % 5 != 0 }
        let codes = ParquetByteArrayColumn(strings: (0..<count).filter { $0 % 5 != 0 }.map { "C\($0 % 13)" })
        var amounts = ParquetByteArrayColumn()
        for i in 0..<count where i % 5 != 0 { amounts.append(DecimalBytes.bigEndian(Int128(i) * -1_000, width: 9)) }
        try writer.write(columns: [
            ParquetColumnData(values: .int64((0..<count).map(Int64.init))),
            ParquetColumnData(values: .byteArray(codes), validity: validity),
            ParquetColumnData(values: .fixedLenByteArray(amounts), validity: validity),
        ])
        let summary = try writer.close()
        #expect(summary.rowGroups == 3)
        let batch = try ParquetReader(path: path).readAll()
        for i in [0, 1, 699, 700, 1_999] {
            let expected: [ParquetValue] =
                i % 5 == 0 ? [.int64(Int64(i)), .null, .null] : [.int64(Int64(i)), .string("C\(i % 13)"), .decimal(Int128(i) * -1_000)]
            #expect(batch.row(i) == expected)
        }
    }

    @Test func neverWritesNanosecondTimestamps() throws {
        let (directory, path) = try temporaryPath("nanos.parquet")
        defer { try? FileManager.default.removeItem(at: directory) }
        let error = #expect(throws: ParquetError.self) {
            _ = try ParquetWriter(path: path, schema: ParquetSchema([ParquetColumn("t", .timestamp(unit: .nanoseconds, isAdjustedToUTC: true))]))
        }
        #expect(error?.column == "t")
    }
}
