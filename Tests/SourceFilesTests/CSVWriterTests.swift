import SourceFiles
import Testing

@Suite struct CSVWriterTests {
    @Test func quotesOnlyWhenNeededAndWritesNilAsEmpty() {
        let bytes = CSVWriter.encode([["a", "b", "c"], ["plain", nil, "has,comma"], ["say \"hi\"", "two\nlines", "cr\r"]])
        #expect(String(decoding: bytes, as: UTF8.self) == "a,b,c\nplain,,\"has,comma\"\n\"say \"\"hi\"\"\",\"two\nlines\",\"cr\r\"\n")
    }

    @Test func readerRoundTripsWriterOutput() throws {
        let rows: [[String?]] = [["x", "y"], ["", "é ünïcödé"], ["\"", ",,"], ["end", "\r\n"]]
        let reader = CSVReader(bytes: CSVWriter.encode(rows))
        var read: [[String]] = []
        while let record = try reader.next() { read.append(record.fields) }
        #expect(read == rows.map { $0.map { $0 ?? "" } })
    }
}
