import SourceFiles
import Testing

@Suite struct SourceFileTypeTests {
    @Test func detectsByExtensionAndChecksContent() throws {
        #expect(try SourceFileType.detect(name: "20250101_appointments.csv", leadingBytes: Array("a,b\n".utf8)) == .csv)
        #expect(try SourceFileType.detect(name: "book.XLSX", leadingBytes: [0x50, 0x4B, 0x03, 0x04, 0]) == .xlsx)
        let legacy = #expect(throws: SourceFileError.self) {
            try SourceFileType.detect(name: "book.xls", leadingBytes: [0xD0, 0xCF, 0x11, 0xE0])
        }
        #expect(legacy?.code == .unknownFileType)
        #expect(legacy?.message.contains(".xls") == true)
        let disguised = #expect(throws: SourceFileError.self) {
            try SourceFileType.detect(name: "x.csv", leadingBytes: [0x50, 0x4B, 0x03, 0x04])
        }
        #expect(disguised?.code == .notCSV)
        #expect(throws: SourceFileError.self) { try SourceFileType.detect(name: "x.xlsx", leadingBytes: Array("a,b".utf8)) }
        #expect(throws: SourceFileError.self) { try SourceFileType.detect(name: "README", leadingBytes: [] as [UInt8]) }
    }
}
