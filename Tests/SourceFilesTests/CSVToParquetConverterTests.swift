import Foundation
import Parquet
import PipelineTesting
import SourceFiles
import Testing

@Suite struct CSVToParquetConverterTests {
    private let spec = TypedTableSpec([
        TypedColumn("id", .int64, nullable: false),
        TypedColumn("small", .int32),
        TypedColumn("amount", .decimal(precision: 9, scale: 2)),
        TypedColumn("flag", .boolean),
        TypedColumn("day", .date),
        TypedColumn("at", .timestamp(unit: .microseconds, isAdjustedToUTC: false)),
        TypedColumn("name", .string, nullable: false),
    ])

    private func convert(_ text: String, spec: TypedTableSpec? = nil) throws -> (CSVConversionSummary, [[ParquetValue]], [[ParquetValue]]) {
        let folder = try TemporaryDirectory(prefix: "convert")
        defer { folder.remove() }
        try text.write(toFile: folder.file("in.csv"), atomically: true, encoding: .utf8)
        let summary = try CSVToParquetConverter(spec: spec ?? self.spec).convertFile(
            csvPath: folder.file("in.csv"), parquetPath: folder.file("out.parquet"), rejectsPath: folder.file("rejects.parquet"))
        func rows(_ path: String) throws -> [[ParquetValue]] {
            var result: [[ParquetValue]] = []
            try ParquetReader(path: path).forEachRow { result.append($0) }
            return result
        }
        return (summary, try rows(folder.file("out.parquet")), try rows(folder.file("rejects.parquet")))
    }

    @Test func typesEveryColumnAndKeepsWallClockTimestamps() throws {
        let text = """
            name,id,small,amount,flag,day,at
            "Smith, J",1,7,12.5,True,2024-03-31,2024-03-31 01:30:00
            Jones,2.0,,-0.07,0,2024-10-27,2024-10-27 01:30:15.25
            Li,3,-5,,false,,2025-01-02

            """
        let (summary, rows, rejects) = try convert(text)
        #expect(summary.rowsRead == 3 && summary.rowsWritten == 3 && summary.rowsRejected == 0)
        #expect(rejects.isEmpty)
        let day = Int32(CivilTime.days(year: 2024, month: 3, day: 31))
        #expect(rows[0] == [.int64(1), .int32(7), .decimal(1250), .bool(true), .date(day),
                            .timestamp(Int64(day) * 86_400_000_000 + 5_400_000_000), .string("Smith, J")])
        #expect(rows[1][0] == .int64(2), "pandas float-text of an integer is exact")
        #expect(rows[1][1] == .null && rows[1][2] == .decimal(-7) && rows[1][3] == .bool(false))
        let october = Int64(CivilTime.days(year: 2024, month: 10, day: 27)) * 86_400_000_000
        #expect(rows[1][5] == .timestamp(october + 5_415_250_000))
        #expect(rows[2][4] == .null && rows[2][2] == .null)
        #expect(rows[2][5] == .timestamp(Int64(CivilTime.days(year: 2025, month: 1, day: 2)) * 86_400_000_000))
    }

    @Test func malformedRowsAreQuarantinedWithReasonsWhileGoodRowsFlow() throws {
        let text = """
            id,small,amount,flag,day,at,name
            1,1,1.00,true,2024-01-01,2024-01-01,ok
            x,1,1.00,true,2024-01-01,2024-01-01,bad id
            3,1,1.005,true,2024-01-01,2024-01-01,too precise
            4,1,1,maybe,2024-01-01,2024-01-01,bad flag
            5,1,1,true,2024-02-30,2024-01-01,bad day
            6,1,1,true,2024-01-01,2024-01-01 25:00:00,bad hour
            7,1,1,true,2024-01-01,2024-01-01,
            8,1,1,true
            9,99999999999,1,true,2024-01-01,2024-01-01,overflow
            10,1,1,true,2024-01-01,2024-01-01,"unterminated
            """
        let (summary, rows, rejects) = try convert(text)
        #expect(summary.rowsRead == 10)
        #expect(summary.rowsWritten == 1 && rows.count == 1 && rows[0][6] == .string("ok"))
        #expect(summary.rowsRejected == 9 && rejects.count == 9)
        let byLine = Dictionary(uniqueKeysWithValues: rejects.map { ($0[0].int64Value!, ($0[1].stringValue, $0[2].stringValue!)) })
        #expect(byLine[3]?.0 == "id" && byLine[3]?.1 == "not an integer")
        #expect(byLine[4]?.0 == "amount" && byLine[4]?.1.contains("decimal places") == true)
        #expect(byLine[5]?.0 == "flag")
        #expect(byLine[6]?.0 == "day" && byLine[6]?.1.contains("YYYY-MM-DD") == true)
        #expect(byLine[7]?.0 == "at")
        #expect(byLine[8]?.0 == "name" && byLine[8]?.1 == "missing required value")
        #expect(byLine[9]?.0 == nil && byLine[9]?.1 == "expected 7 fields, found 4")
        #expect(byLine[10]?.0 == "small" && byLine[10]?.1.contains("32-bit") == true)
        #expect(byLine[11]?.0 == "name" && byLine[11]?.1.contains("unterminated") == true)
        #expect(rejects.first { $0[0] == .int64(9) }?[3] == .string("8,1,1,true"), "the raw line is kept for repair")
    }

    @Test func headerOnlyFileGivesZeroRowsWithTypedSchema() throws {
        let (summary, rows, rejects) = try convert("id,small,amount,flag,day,at,name\n")
        #expect(summary.rowsRead == 0 && rows.isEmpty && rejects.isEmpty)
        let folder = try TemporaryDirectory(prefix: "convert")
        defer { folder.remove() }
        try "id,small,amount,flag,day,at,name\n".write(toFile: folder.file("h.csv"), atomically: true, encoding: .utf8)
        _ = try CSVToParquetConverter(spec: spec).convertFile(
            csvPath: folder.file("h.csv"), parquetPath: folder.file("h.parquet"), rejectsPath: folder.file("r.parquet"))
        #expect(try ParquetReader(path: folder.file("h.parquet")).schema == spec.parquetSchema)
    }

    @Test func emptyOrBinaryFilesAndWrongHeadersFailNamingTheColumn() throws {
        let empty = #expect(throws: SourceFileError.self) { try convert("") }
        #expect(empty?.code == .emptyFile)
        #expect(empty?.file == "in.csv")

        let unknown = #expect(throws: SourceFileError.self) { try convert("id,small,amount,flag,day,at,name,extra\n") }
        #expect(unknown?.code == .headerMismatch && unknown?.column == "extra")
        let missing = #expect(throws: SourceFileError.self) { try convert("id,small,amount,flag,day,at\n1,1,1,true,,,\n") }
        #expect(missing?.code == .headerMismatch && missing?.column == "name")
        #expect(missing?.description.contains("required column 'name' is missing") == true)
        let duplicate = #expect(throws: SourceFileError.self) { try convert("id,id,small,amount,flag,day,at,name\n") }
        #expect(duplicate?.column == "id")
    }

    @Test func lenientHeaderPolicyReportsDifferencesAsRejects() throws {
        var lenient = spec
        lenient.headerPolicy = .lenient
        let (summary, rows, rejects) = try convert("id,amount,flag,day,at,name,extra\n1,2,true,,,n,zzz\n", spec: lenient)
        #expect(summary.rowsWritten == 1 && rows[0][1] == .null && rows[0][2] == .decimal(200))
        #expect(Set(summary.headerProblems.compactMap(\.column)) == ["extra", "small"])
        #expect(rejects.count == 2 && rejects.allSatisfy { $0[0] == .int64(1) })
    }

    @Test func timestampsCanBeConvertedFromLondonToUTC() throws {
        let utc = TypedColumn("t", .timestamp(unit: .microseconds, isAdjustedToUTC: true))
        let spec = TypedTableSpec([utc])
        let summer = Int64(CivilTime.days(year: 2024, month: 7, day: 1)) * 86_400_000_000
        #expect(try spec.parse("2024-07-01 12:00:00", for: utc).get() == .timestamp(summer + 11 * 3_600_000_000))
        let winter = Int64(CivilTime.days(year: 2024, month: 1, day: 1)) * 86_400_000_000
        #expect(try spec.parse("2024-01-01 12:00:00", for: utc).get() == .timestamp(winter + 12 * 3_600_000_000))
    }
}
