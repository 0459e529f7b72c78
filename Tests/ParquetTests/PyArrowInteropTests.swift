import Foundation
import Testing

@testable import Parquet

/// Files written by pyarrow in the test run (codecs × page versions × dictionary on/off) read by our reader.
@Suite struct PyArrowInteropTests {
    static let variants: [String] = [
        "snappy 1.0 1", "zstd 2.0 1", "gzip 1.0 0", "none 2.0 0", "snappy 2.0 1", "zstd 1.0 0",
    ]

    @Test(arguments: variants)
    func readsFilesWrittenByPyArrow(variant: String) throws {
        let parts = variant.split(separator: " ").map(String.init)
        let directory = try TestDataDirectory.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("pyarrow.parquet").path
        let output = try ExpectedJSON.parse(try PythonProcess.run(InteropScripts.writeWithPyArrow, arguments: [path] + parts))
        let kinds = try #require(output["kinds"]?.object)
        let reader = try ParquetReader(path: path)
        #expect(reader.rowCount == 5_000)
        #expect(reader.rowGroupCount == 3)
        #expect(reader.schema.columns.count == kinds.count)
        #expect(reader.schema.columns.first?.isNullable == false)

        // Projection in a different order than the file.
        let projected = ["s", "id", "dec30", "f64"]
        let projection = try reader.readAll(columns: projected)
        #expect(projection.schema.columns.map(\.name) == projected)

        let batch = try reader.readAll()
        for (index, column) in batch.schema.columns.enumerated() {
            let kind = kinds[column.name]?.string ?? "?"
            let encoding = ParquetRoundTripTests.encoding(ofKind: kind)
            let ours = batch.columns[index].map { CanonicalValue.ofOurs($0, column.type) }
            let theirs = output["columns"]?[column.name]?.array?.map { CanonicalValue.ofExpected($0, encoding: encoding) }
            #expect(ours == theirs, "\(variant): \(column.name)")
            if let at = projected.firstIndex(of: column.name) {
                #expect(projection.columns[at].map { CanonicalValue.ofOurs($0, column.type) } == ours)
            }
        }

        var streamed = 0
        try reader.forEachRow(columns: ["id"]) { row in
            #expect(row == [.int64(Int64(streamed - 2_500))])
            streamed += 1
        }
        #expect(streamed == 5_000)
    }
}
