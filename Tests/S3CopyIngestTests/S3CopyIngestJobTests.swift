import Crypto
import Foundation
import Logging
import ObjectStore
import Parquet
import PipelineContracts
import PipelineRuntime
import PipelineTesting
import S3CopyIngest
import Testing

@Suite struct S3CopyIngestJobTests {
    static let exportDate = try! BusinessDate(iso: "2025-01-05")
    static let diagnostics = """
        diagnostic_id,patient_id,referral_id,encounter_id,provider_id,test_type,test_panel,request_date,performed_date,result_date,result_flag
        1,10,,100,101,bloods,FBC,2025-01-05,2025-01-06,2025-01-07,normal
        2,11,474,,102,xray,Chest,2025-01-05,,,
        3,12,475,101,101,"mri","Head, contrast",2025-01-05,2025-02-20,2025-02-21,abnormal
        4x,13,,,101,ct,Abdomen,2025-01-05,,,

        """
    static let lookup = "lsoa_code,imd_decile,imd_rank,population\nE01000001,1,120,1500\nE01000002,10,32000,1700\n"
    static let ethnicity = "ethnicity_label,ethnicity_code,ethnicity_description,ethnicity_group\nWhite British,A,British,White\n,Z,Not stated,Not stated\n"

    struct Fixture {
        let trust: any ObjectStore
        let trustURL: String
        let environment: [String: String]
        let folder: TemporaryDirectory
    }

    func makeFixture() async throws -> Fixture {
        let stack = try LocalStackEnvironment.require("TRUST_BUCKET_URL", "S3_ENDPOINT_URL", "AWS_ACCESS_KEY_ID", "LAKE_S3_URL")
        let id = "s3copy-" + UUID().uuidString.prefix(8).lowercased()
        let trustURL = stack["TRUST_BUCKET_URL"]! + "/" + id
        let environment = LocalStackEnvironment.current
        let trust = try ObjectStoreFactory.make(url: trustURL, environment: environment, logger: Logger(label: "test"))
        let folder = try TemporaryDirectory()
        let day = Self.exportDate.compact
        _ = try await trust.put(key: "diagnostics/export_date=\(day)/\(day)_diagnostic_orders.csv", bytes: Array(Self.diagnostics.utf8))
        _ = try await trust.put(key: "diagnostics/export_date=\(day)/notes.bin", bytes: [0, 1, 2])
        _ = try await trust.put(key: "reference/export_date=\(day)/lsoa_imd_lookup.csv", bytes: Array(Self.lookup.utf8))
        _ = try await trust.put(key: "reference/export_date=\(day)/ethnicity_code_mapping.csv", bytes: Array(Self.ethnicity.utf8))
        let workbook = folder.file("sites.xlsx")
        let python = try ProcessRunner.run("python3", ["-c", Self.workbookScript, workbook])
        #expect(python.status == 0, "\(python.standardError)")
        _ = try await trust.put(key: "reference/export_date=\(day)/sites_and_services_master.xlsx", body: .file(path: workbook), options: PutOptions())
        return Fixture(trust: trust, trustURL: trustURL, environment: environment, folder: folder)
    }

    func run(_ fixture: Fixture, lakeURL: String, dates: [BusinessDate]? = nil, mode: String = "auto") async throws -> (StageRunner.Summary, any ObjectStore) {
        let settings = Settings(environment: fixture.environment.merging(["TRUST_BUCKET_URL": fixture.trustURL, "S3_COPY_MODE": mode]) { $1 })
        let logger = InMemoryLogSink().logger(stage: "s3-copy-ingest")
        let lake = try LakeConnection.open(url: lakeURL, settings: settings, logger: logger)
        let job = S3CopyIngestJob(configuration: try S3CopyIngestConfiguration(settings: settings), trust: fixture.trust)
        let runner = StageRunner(lake: lake, settings: settings, logger: logger, options: .init(dates: dates, environment: "test"))
        return (await runner.execute(job), lake)
    }

    @Test(arguments: ["filesystem", "s3"])
    func ingestsDiagnosticsAndReferenceExports(lakeKind: String) async throws {
        let fixture = try await makeFixture()
        defer { fixture.folder.remove() }
        let lakeURL = lakeKind == "s3"
            ? try LocalStackEnvironment.value("LAKE_S3_URL") + "-" + UUID().uuidString.prefix(8).lowercased()
            : "file://" + fixture.folder.file("lake")
        let (summary, lake) = try await run(fixture, lakeURL: lakeURL)
        #expect(summary.exitStatus == .success)
        #expect(summary.succeeded.count == 2)
        let manifests = ManifestStore(lake: lake)
        let diagnostics = try #require(try await manifests.latestSucceeded(stage: .s3CopyIngest, scope: "diagnostics", date: Self.exportDate))
        let orders = try #require(diagnostics.outputs(dataset: "diagnostics_orders").first)
        #expect(orders.rows == 3)
        let rejects = try #require(diagnostics.outputs(dataset: "rejects").first)
        #expect(rejects.rows == 1)
        let rejected = try ParquetReader(bytes: try await lake.get(key: rejects.key), name: rejects.key).readAll()
        #expect(rejected.row(0).contains(.string("diagnostic_id")))
        // The raw object is byte-identical to what the Trust published.
        let raw = try #require(diagnostics.outputs(dataset: "raw").first)
        #expect(raw.sha256 == SHA256.hash(data: Array(Self.diagnostics.utf8)).map { String(format: "%02x", $0) }.joined())
        #expect(try await lake.get(key: raw.key) == Array(Self.diagnostics.utf8))
        #expect(diagnostics.inputs.contains { $0.kind == "s3_object" && $0.etag != nil && $0.key?.hasSuffix("_diagnostic_orders.csv") == true })
        #expect(diagnostics.metrics["files.unknown"] == 1)
        if lakeKind == "s3" { #expect(diagnostics.metrics["files.copied_server_side"] == 1) }
        // Typed values survive: ids are integers, empty fields are nulls, dates are dates.
        let typed = try ParquetReader(bytes: try await lake.get(key: orders.key), name: orders.key).readAll()
        #expect(typed.row(0)[0] == .int64(1))
        #expect(typed.row(0)[2] == .null)
        #expect(typed.row(1)[2] == .int64(474))
        #expect(typed.row(2)[6] == .string("Head, contrast"))

        let reference = try #require(try await manifests.latestSucceeded(stage: .s3CopyIngest, scope: "reference", date: Self.exportDate))
        #expect(reference.outputs(dataset: "lsoa_imd").first?.rows == 2)
        #expect(reference.outputs(dataset: "ethnicity_codes").first?.rows == 2)
        let providers = try #require(reference.outputs(dataset: "providers").first)
        #expect(providers.rows == 2)
        let sites = try ParquetReader(bytes: try await lake.get(key: providers.key), name: providers.key).readAll()
        #expect(sites.row(0)[0] == .int64(101))
        #expect(sites.row(0).contains(.bool(true)))

        // Second pass: nothing pending.
        let (again, _) = try await run(fixture, lakeURL: lakeURL)
        #expect(again.succeeded.isEmpty)
    }

    @Test func anUnpublishedDateIsRecordedAsSkipped() async throws {
        let fixture = try await makeFixture()
        defer { fixture.folder.remove() }
        let missing = Self.exportDate.next
        let (summary, lake) = try await run(fixture, lakeURL: "file://" + fixture.folder.file("lake"), dates: [missing], mode: "stream")
        #expect(summary.skipped.count == 2)
        #expect(try await ManifestStore(lake: lake).latestSucceeded(stage: .s3CopyIngest, scope: "diagnostics", date: missing) == nil)
    }

    @Test func aCorruptWorkbookFailsWithAReadableMessage() async throws {
        let fixture = try await makeFixture()
        defer { fixture.folder.remove() }
        let day = Self.exportDate.compact
        _ = try await fixture.trust.put(key: "reference/export_date=\(day)/sites_and_services_master.xlsx", bytes: Array("not a zip".utf8))
        let (summary, lake) = try await run(fixture, lakeURL: "file://" + fixture.folder.file("lake"))
        #expect(summary.exitStatus == .failed)
        guard case .manifest(let manifest) = try await ManifestStore(lake: lake).latest(stage: .s3CopyIngest, scope: "reference", date: Self.exportDate) else {
            Issue.record("no reference manifest")
            return
        }
        #expect(manifest.status == .failed)
        #expect(manifest.errors.first?.message.contains("sites_and_services_master.xlsx") == true)
    }

    /// Builds a two-site workbook with Python's zipfile (no spreadsheet library needed).
    static let workbookScript = #"""
        import sys, zipfile
        cols = ["provider_id","provider_code","site_name","provider_type","parent_trust_name","ics_region","address_line_1","city","postcode","postcode_sector","lsoa_code","is_main_site","site_status","has_ed","has_inpatient_beds","size_band","opening_hours","service_lines","site_manager_name","site_manager_email"]
        rows = [cols,
                ["101","ACU001","Northshire General","ACUTE_HOSPITAL","Northshire NHS FT","North","1 High St","Northshire","NS1 1AA","NS1 1","E01000001",True,"ACTIVE",True,True,"LARGE","24/7","ED; Surgery","Ann Lee","ann.lee@northshire.nhs.uk"],
                ["102","GPS002","Hill Surgery","GP_PRACTICE","Northshire NHS FT","North","2 Hill Rd","Northshire","NS2 2BB","NS2 2","E01000002",False,"ACTIVE",False,False,"SMALL","Mon-Fri 08:00-18:00","GP","Bo Kay","bo.kay@northshire.nhs.uk"]]
        def col(i):
            s = ""
            i += 1
            while i:
                i, r = divmod(i - 1, 26)
                s = chr(65 + r) + s
            return s
        def cell(r, c, v):
            ref = f"{col(c)}{r}"
            if isinstance(v, bool):
                return f'<c r="{ref}" t="b"><v>{1 if v else 0}</v></c>'
            if r > 1 and c == 0:
                return f'<c r="{ref}"><v>{v}</v></c>'
            return f'<c r="{ref}" t="inlineStr"><is><t>{v}</t></is></c>'
        sheet = "".join(f'<row r="{r+1}">' + "".join(cell(r + 1, c, v) for c, v in enumerate(row)) + "</row>" for r, row in enumerate(rows))
        with zipfile.ZipFile(sys.argv[1], "w") as z:
            z.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>')
            z.writestr("_rels/.rels", '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>')
            z.writestr("xl/workbook.xml", '<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="sites_and_services" sheetId="1" r:id="rId1"/></sheets></workbook>')
            z.writestr("xl/_rels/workbook.xml.rels", '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>')
            z.writestr("xl/worksheets/sheet1.xml", '<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>' + sheet + '</sheetData></worksheet>')
        """#
}
