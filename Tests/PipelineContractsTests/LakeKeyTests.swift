import Foundation
import PipelineContracts
import Testing

@Suite struct LakeKeyTests {
    let run = RunID.generate()
    let date = try! BusinessDate(iso: "2025-03-30")

    var everyArea: [LakeKey.Area] {
        [
            .bronze(source: "ehr", entity: "encounters", date: date, run: run),
            .pseudonymised(entity: "encounters", date: date, run: run),
            .patientKeys(date: date, run: run),
            .quarantine(entity: "patient_demographics", date: date, run: run),
            .silver(table: "patients", asOf: date, run: run),
            .gold(table: "fct_inequality", asOf: date, run: run),
            .dataQuality(layer: "silver", asOf: date, run: run),
        ]
    }

    @Test func everyDataKeyRoundTrips() throws {
        for area in everyArea {
            for file in [LakeKey.partFileName(0), "raw/20250330_appointments.csv", "rejects/part-00003.parquet"] {
                let key = try LakeKey(area, file: file)
                #expect(try LakeKey(parsing: key.description) == key)
            }
        }
    }

    @Test func layoutMatchesTheArchitecture() throws {
        let key = try LakeKey(.bronze(source: "sftp", entity: "appointments", date: date, run: run), file: "part-00000.parquet")
        #expect(key.description == "bronze/source=sftp/entity=appointments/business_date=2025-03-30/run_id=\(run)/part-00000.parquet")
        let manifest = LakeKey.manifest(stage: .pseudonymiser, scope: "person_level", date: date, run: run)
        #expect(manifest.description == "_manifests/stage=pseudonymiser/scope=person_level/business_date=2025-03-30/run_id=\(run).json")
        #expect(try LakeKey(parsing: manifest.description) == manifest)
        #expect(LakeKey.partFileName(12) == "part-00012.parquet")
    }

    @Test func rejectsKeysOutsideTheGrammar() {
        let bad = [
            "bronze/source=ehr/entity=encounters/business_date=2025-03-30/run_id=\(run)/../x.parquet",
            "bronze/source=ehr/entity=encounters/business_date=2025-02-30/run_id=\(run)/part-00000.parquet",
            "bronze/source=EHR/entity=encounters/business_date=2025-03-30/run_id=\(run)/part-00000.parquet",
            "_manifests/stage=nope/scope=x/business_date=2025-03-30/run_id=\(run).json",
            "_manifests/stage=pseudonymiser/scope=x/business_date=2025-03-30/run_id=bad.json",
            "silver/patients/as_of=2025-03-30/run_id=\(run)/",
            "silver/patients/as_of=2025-03-30/run_id=\(run)/.hidden",
            "lake/other/thing",
            "/bronze/source=ehr",
        ]
        for key in bad {
            #expect(throws: ContractError.self, "\(key)") { try LakeKey(parsing: key) }
        }
    }

    @Test func namesRefuseTraversalAndPartitionSyntax() {
        for name in ["..", "a/b", "A", "x=y", "", "_x", String(repeating: "a", count: 65)] {
            #expect(throws: ContractError.self) { try LakeName(name) }
        }
    }

    @Test func stagesParseOnlyKnownNames() throws {
        #expect(try StageName(parsing: "gold-exporter") == .goldExporter)
        #expect(throws: ContractError.self) { try StageName(parsing: "gold_exporter") }
    }
}
