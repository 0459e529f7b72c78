import Foundation
import PipelineTesting
import SourceFiles
import Testing

@Suite struct CSVReaderTests {
    private func records(_ text: String) throws -> [CSVRecord] {
        try records(Array(text.utf8))
    }

    private func records(_ bytes: [UInt8]) throws -> [CSVRecord] {
        let reader = CSVReader(bytes: bytes)
        var result: [CSVRecord] = []
        while let record = try reader.next() { result.append(record) }
        return result
    }

    @Test func quotedFieldsWithCommasQuotesAndNewlinesAndLineNumbers() throws {
        let text = "id,note\n1,\"a, b\"\n2,\"say \"\"hi\"\"\"\n3,\"two\nlines\"\n4,plain\n"
        let parsed = try records(text)
        #expect(parsed.map(\.fields) == [["id", "note"], ["1", "a, b"], ["2", "say \"hi\""], ["3", "two\nlines"], ["4", "plain"]])
        #expect(parsed.map(\.line) == [1, 2, 3, 4, 6])
        #expect(parsed.allSatisfy { $0.problem == nil })
        #expect(parsed[3].rawLine == "3,\"two\nlines\"")
    }

    @Test func crlfBomBlankLinesAndMissingFinalNewline() throws {
        let bytes: [UInt8] = [0xEF, 0xBB, 0xBF] + Array("a,b\r\n1,\"x\"\r\n\r\n2,\r\n3,y".utf8)
        let parsed = try records(bytes)
        #expect(parsed.map(\.fields) == [["a", "b"], ["1", "x"], ["2", ""], ["3", "y"]])
        #expect(parsed.map(\.line) == [1, 2, 4, 5])
        #expect(parsed[0].fields[0] == "a", "the BOM is not part of the first header name")
        #expect(parsed[2].rawLine == "2,")
    }

    @Test func unterminatedQuoteIsReportedNotSwallowedSilently() throws {
        let parsed = try records("a,b\n1,ok\n2,\"never closed\n3,x\n")
        #expect(parsed.count == 3)
        #expect(parsed[2].line == 3)
        #expect(parsed[2].problem?.reason.contains("unterminated") == true)
        #expect(parsed[2].problem?.fieldIndex == 1)
    }

    @Test func strayQuotesAndInvalidUTF8AreFlaggedPerRecord() throws {
        var bytes = Array("a,b\n1,ab\"c\n2,\"x\"y\n3,".utf8)
        bytes += [0xFF, 0xFE]
        bytes += Array("\n4,fine\n".utf8)
        let parsed = try records(bytes)
        #expect(parsed.count == 5)
        #expect(parsed[1].problem?.reason == "quote character inside an unquoted field")
        #expect(parsed[2].problem?.reason == "unexpected character after a closing quote")
        #expect(parsed[3].problem == CSVRecord.Problem(fieldIndex: 1, reason: "invalid UTF-8"))
        #expect(parsed[4].problem == nil && parsed[4].fields == ["4", "fine"])
    }

    @Test func emptyInputHasNoRecordsAndHugeRecordsAreRefused() throws {
        #expect(try records("").isEmpty)
        let reader = CSVReader(bytes: Array(("a\n\"" + String(repeating: "x", count: 5000)).utf8), maxRecordBytes: 1000)
        _ = try reader.next()
        let error = #expect(throws: SourceFileError.self) { try reader.next() }
        #expect(error?.code == .recordTooLarge)
        #expect(error?.line == 2)
    }

    @Test func streamsFromFilesAcrossSmallChunks() throws {
        let folder = try TemporaryDirectory(prefix: "csv")
        defer { folder.remove() }
        var rows: [[String?]] = [["id", "text"]]
        for index in 0..<500 { rows.append([String(index), index % 7 == 0 ? "multi\nline, \"quoted\"" : "v\(index)"]) }
        let writer = try CSVWriter(path: folder.file("f.csv"))
        try writer.write(rows: rows)
        try writer.close()
        // A 7-byte chunk size splits quotes, CRs and the BOM check across refills.
        let reader = try CSVReader(path: folder.file("f.csv"), chunkSize: 7)
        var read: [[String]] = []
        while let record = try reader.next() {
            #expect(record.problem == nil)
            read.append(record.fields)
        }
        #expect(read == rows.map { $0.map { $0 ?? "" } })
    }
}
