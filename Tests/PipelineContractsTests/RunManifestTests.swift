import Foundation
import PipelineContracts
import Testing

@Suite struct RunManifestTests {
    func sample() throws -> RunManifest {
        var manifest = RunManifest(
            stage: .postgresIngest, scope: "ehr", businessDate: try BusinessDate(iso: "2025-01-02"), runID: RunID.generate(),
            status: .succeeded, startedAt: Date(timeIntervalSince1970: 1_735_800_000), finishedAt: Date(timeIntervalSince1970: 1_735_800_012.5),
            environment: "test", codeVersion: "1.2.3")
        var table = ManifestInput(kind: "table")
        table.table = "ehr.encounters"
        table.rows = 42
        manifest.inputs = [table]
        manifest.outputs = [ManifestOutput(key: "bronze/x", dataset: "encounters", rows: 42, bytes: 1000, sha256: String(repeating: "a", count: 64))]
        manifest.metrics = ["rows.encounters": 42]
        return manifest
    }

    @Test func roundTripsThroughStableJSON() throws {
        let manifest = try sample()
        let first = try ContractJSON.encode(manifest)
        let decoded = try ContractJSON.decode(RunManifest.self, from: first)
        #expect(decoded == manifest)
        #expect(try ContractJSON.encode(decoded) == first)
        let text = String(decoding: first, as: UTF8.self)
        #expect(text.contains("\"business_date\" : \"2025-01-02\""))
        #expect(text.range(of: "\"business_date\"")!.lowerBound < text.range(of: "\"code_version\"")!.lowerBound)
    }

    @Test func ignoresUnknownFieldsAndToleratesMissingOptionalOnes() throws {
        let run = RunID.generate()
        let json = """
            {"manifest_version": 1, "stage": "sftp-ingest", "scope": "appointments", "business_date": "2025-01-02",
             "run_id": "\(run)", "status": "failed", "started_at": "2025-01-02T10:00:00.000Z",
             "finished_at": "2025-01-02T10:00:01Z", "a_future_field": {"x": [1, 2]}}
            """
        let manifest = try ContractJSON.decode(RunManifest.self, from: Data(json.utf8))
        #expect(manifest.status == .failed)
        #expect(manifest.outputs.isEmpty)
        #expect(manifest.runID == run)
    }

    @Test func refusesNewerVersionsAndUnknownStages() throws {
        var text = String(decoding: try ContractJSON.encode(try sample()), as: UTF8.self)
        let newer = text.replacingOccurrences(of: "\"manifest_version\" : 1", with: "\"manifest_version\" : 2")
        #expect(throws: (any Error).self) { try ContractJSON.decode(RunManifest.self, from: Data(newer.utf8)) }
        text = text.replacingOccurrences(of: "postgres-ingest", with: "mystery-stage")
        #expect(throws: (any Error).self) { try ContractJSON.decode(RunManifest.self, from: Data(text.utf8)) }
    }

    @Test func graphWiresEveryDownstreamNodeToExistingNodes() {
        for node in PipelineGraph.all {
            for upstream in PipelineGraph.upstream(of: node) {
                #expect(PipelineGraph.all.contains(upstream))
            }
        }
        #expect(PipelineGraph.upstream(of: PipelineGraph.export) == [PipelineGraph.goldQuality])
        #expect(BronzeEntity.allCases.filter(\.isPersonLevel).count == 7)
    }
}
