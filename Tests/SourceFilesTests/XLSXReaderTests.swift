import Foundation
import PipelineTesting
import SourceFiles
import Testing

@Suite struct XLSXReaderTests {
    /// Builds a workbook with Python's zipfile module, writing the XML parts by hand (as Excel/openpyxl lay them
    /// out): shared strings with a rich-text run, an inline string, numbers, booleans, a date-formatted serial,
    /// a datetime, sparse cells and a skipped row, plus a second sheet.
    private func makeWorkbook(at path: String, date1904: Bool = false) throws {
        let script = #"""
            import sys, zipfile
            path, date1904 = sys.argv[1], sys.argv[2] == "1"
            ns = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
            rns = 'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
            parts = {
              "[Content_Types].xml": '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>',
              "xl/workbook.xml": f'<?xml version="1.0"?><workbook {ns} {rns}><workbookPr date1904="{1 if date1904 else 0}"/><sheets>'
                 '<sheet name="notes" sheetId="2" r:id="rId2"/><sheet name="sites_and_services" sheetId="1" r:id="rId1"/></sheets></workbook>',
              "xl/_rels/workbook.xml.rels": '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                 '<Relationship Id="rId1" Type="worksheet" Target="worksheets/sheet1.xml"/>'
                 '<Relationship Id="rId2" Type="worksheet" Target="/xl/worksheets/notes.xml"/></Relationships>',
              "xl/sharedStrings.xml": f'<?xml version="1.0"?><sst {ns} count="4" uniqueCount="4"><si><t>provider_id</t></si>'
                 '<si><t>site_name</t></si><si><r><t>St </t></r><r><rPr><b/></rPr><t>Mary&apos;s, &amp; Co</t></r></si>'
                 '<si><t xml:space="preserve"> opened </t></si></sst>',
              "xl/styles.xml": f'<?xml version="1.0"?><styleSheet {ns}><numFmts count="1"><numFmt numFmtId="164" formatCode="yyyy\\-mm\\-dd hh:mm"/></numFmts>'
                 '<cellStyleXfs count="1"><xf numFmtId="14"/></cellStyleXfs>'
                 '<cellXfs count="4"><xf numFmtId="0"/><xf numFmtId="14"/><xf numFmtId="164"/><xf numFmtId="2"/></cellXfs></styleSheet>',
              "xl/worksheets/sheet1.xml": f'<?xml version="1.0"?><worksheet {ns}><sheetData>'
                 '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="s"><v>3</v></c>'
                 '<c r="D1" t="inlineStr"><is><t>has_ed</t></is></c><c r="E1" t="str"><v>ratio</v></c></row>'
                 '<row r="2"><c r="A2"><v>42</v></c><c r="B2" t="s"><v>2</v></c><c r="C2" s="1"><v>45292</v></c>'
                 '<c r="D2" t="b"><v>1</v></c><c r="E2" s="3"><v>0.125</v></c></row>'
                 '<row r="4"><c r="A4"><v>7</v></c><c r="C4" s="2"><v>45292.5</v></c><c r="D4" t="b"><v>0</v></c>'
                 '<c r="F4" t="e"><v>#N/A</v></c></row>'
                 '</sheetData></worksheet>',
              "xl/worksheets/notes.xml": f'<?xml version="1.0"?><worksheet {ns}><sheetData><row r="1"><c r="B1" t="inlineStr"><is><t>note</t></is></c></row></sheetData></worksheet>',
            }
            with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
                for name, body in parts.items():
                    z.writestr(name, body)
            """#
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        process.arguments = ["-c", script, path, date1904 ? "1" : "0"]
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
    }

    @Test func readsNamedSheetWithSharedInlineNumbersBooleansDatesAndSparseCells() throws {
        let folder = try TemporaryDirectory(prefix: "xlsx")
        defer { folder.remove() }
        try makeWorkbook(at: folder.file("book.xlsx"))
        let reader = XLSXReader(path: folder.file("book.xlsx"))
        #expect(try reader.sheetNames() == ["notes", "sites_and_services"])
        let sheet = try reader.readSheet(named: "sites_and_services")
        #expect(sheet.rows.count == 4)
        #expect(sheet.rows[0] == ["provider_id", "site_name", " opened ", "has_ed", "ratio", nil])
        #expect(sheet.rows[1] == ["42", "St Mary's, & Co", "2024-01-01", "TRUE", "0.125", nil])
        #expect(sheet.rows[2] == [nil, nil, nil, nil, nil, nil], "a missing row keeps its place")
        #expect(sheet.rows[3] == ["7", nil, "2024-01-01 12:00:00", "FALSE", nil, "#N/A"])
    }

    @Test func firstSheetByDefaultAnd1904DatesAndMissingSheetReported() throws {
        let folder = try TemporaryDirectory(prefix: "xlsx")
        defer { folder.remove() }
        try makeWorkbook(at: folder.file("book.xlsx"), date1904: true)
        let reader = XLSXReader(path: folder.file("book.xlsx"))
        #expect(try reader.readSheet().rows == [[nil, "note"]])
        #expect(try reader.readSheet(named: "sites_and_services").rows[1][2] == "2028-01-02")
        let error = #expect(throws: SourceFileError.self) { try reader.readSheet(named: "nope") }
        #expect(error?.code == .sheetNotFound)
    }

    @Test func notAWorkbookIsReported() throws {
        let folder = try TemporaryDirectory(prefix: "xlsx")
        defer { folder.remove() }
        try "a,b\n".write(toFile: folder.file("fake.xlsx"), atomically: true, encoding: .utf8)
        let error = #expect(throws: SourceFileError.self) { try XLSXReader(path: folder.file("fake.xlsx")).readSheet() }
        #expect(error?.code == .invalidWorkbook)
    }

    @Test func serialDatesFollowThe1900SystemIncludingItsLeapYearBug() {
        #expect(XLSXDate.isoText(serial: 1) == "1900-01-01")
        #expect(XLSXDate.isoText(serial: 59) == "1900-02-28")
        #expect(XLSXDate.isoText(serial: 60) == nil)
        #expect(XLSXDate.isoText(serial: 61) == "1900-03-01")
        #expect(XLSXDate.isoText(serial: 25_569) == "1970-01-01")
        #expect(XLSXDate.isoText(serial: 45_351.75) == "2024-02-29 18:00:00")
        #expect(XLSXDate.isoText(serial: 0, system: .date1904) == "1904-01-01")
    }
}
