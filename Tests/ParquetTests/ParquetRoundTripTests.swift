import Foundation
import Testing

@testable import Parquet

/// Writes every type × required/optional × codec with our writer, then reads the file back with our reader,
/// pyarrow and DuckDB and compares values exactly.
@Suite struct ParquetRoundTripTests {
    static let codecs: [String] = ["uncompressed", "snappy", "zstd", "gzip"]

    static func compression(_ name: String) -> ParquetCompression {
        switch name {
        case "snappy": .snappy
        case "zstd": .zstd(level: 3)
        case "gzip": .gzip
        default: .uncompressed
        }
    }

    static func encoding(ofKind kind: String) -> String {
        switch kind {
        case "int": "int"
        case "string": "utf8"
        case "binary": "hex"
        case "date": "date_days"
        case "ts_us": "timestamp_micros"
        case "ts_ms": "timestamp_millis"
        case "decimal": "decimal_string"
        default: kind
        }
    }

    @Test(arguments: codecs)
    func roundTripsEveryTypeThroughOurReaderPyArrowAndDuckDB(codec: String) throws {
        let table = RoundTripTable(rowCount: 3_000, seed: 42)
        let directory = try TestDataDirectory.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("roundtrip-\(codec).parquet").path
        var options = ParquetWriterOptions()
        options.compression = Self.compression(codec)
        options.rowGroupRowLimit = 1_000
        options.dataPageRowLimit = 300
        options.dictionaryPageSizeLimit = 2_048  // forces the PLAIN fallback on high-cardinality columns
        let writer = try ParquetWriter(path: path, schema: table.schema, options: options)
        try writer.write(rows: table.rows)
        let summary = try writer.close()
        #expect(summary.rows == 3_000)
        #expect(summary.rowGroups == 3)
        #expect(summary.bytes == (try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int))

        let expected = table.schema.columns.enumerated().map { index, column in
            table.rows.map { CanonicalValue.ofOurs($0[index], column.type) }
        }

        let reader = try ParquetReader(path: path)
        #expect(reader.schema == table.schema)
        #expect(reader.rowCount == 3_000)
        #expect(reader.rowGroupCount == 3)
        #expect(reader.createdBy == options.createdBy)
        let batch = try reader.readAll()
        for (index, column) in table.schema.columns.enumerated() {
            let ours = batch.columns[index].map { CanonicalValue.ofOurs($0, column.type) }
            #expect(ours == expected[index], "our reader: \(column.name)")
        }

        let spec = "[" + zip(table.schema.columns, table.kinds).map { "[\"\($0.name)\", \"\($1)\"]" }.joined(separator: ",") + "]"
        let output = try ExpectedJSON.parse(try PythonProcess.run(InteropScripts.readWithPyArrowAndDuckDB, arguments: [path, spec]))
        #expect(output["num_row_groups"]?.int == 3)
        #expect(output["created_by"]?.string == options.createdBy)
        for engine in ["pyarrow", "duckdb"] {
            for (index, column) in table.schema.columns.enumerated() {
                let encoding = Self.encoding(ofKind: table.kinds[index])
                let theirs = output[engine]?["columns"]?[column.name]?.array?.map { CanonicalValue.ofExpected($0, encoding: encoding) }
                #expect(theirs == expected[index], "\(engine): \(column.name)")
            }
        }
        let types = output["pyarrow"]?["types"]
        #expect(types?["ts_us_utc_o"]?.string == "timestamp[us, tz=UTC]")
        #expect(types?["ts_ms_local_r"]?.string == "timestamp[ms]")
        #expect(types?["s_o"]?.string == "string")
        #expect(types?["d_r"]?.string == "date32[day]")
        #expect(types?["dec30_o"]?.string?.hasSuffix("(30, 5)") == true)

        // Footer statistics as pyarrow interprets them, for the first row group (1 000 rows).
        for (index, column) in table.schema.columns.enumerated() {
            let stats = output["stats"]?[column.name]
            let firstGroup = table.rows.prefix(1_000).map { $0[index] }
            #expect(stats?["null_count"]?.int == firstGroup.filter(\.isNull).count, "null_count \(column.name)")
            #expect(stats?["has_min_max"] == .bool(true), "min/max present \(column.name)")
            guard let low = stats?["min"], let high = stats?["max"] else { continue }
            let present = firstGroup.filter { !$0.isNull }
            let encoding = Self.encoding(ofKind: table.kinds[index])
            let ourMin = present.min(by: ColumnSummary.precedes).map { CanonicalValue.ofOurs($0, column.type) }
            let ourMax = present.max(by: ColumnSummary.precedes).map { CanonicalValue.ofOurs($0, column.type) }
            #expect(ourMin == CanonicalValue.ofExpected(low, encoding: encoding), "stats min \(column.name)")
            #expect(ourMax == CanonicalValue.ofExpected(high, encoding: encoding), "stats max \(column.name)")
        }
    }
}
