import Foundation
import Logging
import PipelineContracts
import PipelineRuntime
import PipelineTesting
import Testing
import TransformRunner

/// `transform-runner --select`: builds a subset (with what it needs) for one date, prints row counts, publishes nothing.
@Suite(.serialized) struct TransformPreviewTests {
    private static let date = day("2025-03-30")

    private func preview(_ fixture: TransformFixture, _ selection: [String], date: BusinessDate? = Self.date) async -> (PipelineRuntime.ExitStatus, [String]) {
        let settings = fixture.settings(layer: .silver, extra: ["LAKE_URL": "file://" + fixture.directory.file("lake")])
        var lines: [String] = []
        let status = await TransformPreview.execute(
            settings: settings, date: date, selection: selection, logger: fixture.logs.logger(stage: "transform-runner")
        ) { lines.append($0) }
        return (status, lines)
    }

    @Test func selectBuildsTheModelAndItsDependenciesAndPublishesNothing() async throws {
        let fixture = try TransformFixture()
        defer { fixture.remove() }
        try await fixture.writeRun(PipelineGraph.referenceIngest, date: Self.date, datasets: TransformTestData.reference())
        try await fixture.writeRun(PipelineGraph.pseudonymise, date: Self.date, datasets: TransformTestData.day1())
        let before = try await fixture.lake.listAll(prefix: "").map(\.key)
        let schemasBefore = try await fixture.runSchemas()

        let (status, lines) = await preview(fixture, ["patients"])
        #expect(status == .success, "\(fixture.logs.captured.suffix(5))")
        let counts: [String: Int] = Dictionary(uniqueKeysWithValues: lines.map { line -> (String, Int) in
            let parts = line.split(separator: "\t")
            return (String(parts[0]), Int(parts[1]) ?? -1)
        })
        #expect(counts["patients"] != nil && counts["stg_patients"] != nil, "the selection and what it refs: \(counts.keys.sorted())")
        #expect(counts["encounters"] == nil && counts["urgent_care"] == nil, "models not needed are not built")
        #expect(counts["patients"]! > 0)

        #expect(try await fixture.lake.listAll(prefix: "").map(\.key) == before, "no data file and no manifest is published")
        #expect(try await fixture.runSchemas().subtracting(schemasBefore).isEmpty, "the preview's run schema is dropped")
    }

    @Test func anUnknownModelIsAUsageErrorAndAMissingDateToo() async throws {
        let fixture = try TransformFixture()
        defer { fixture.remove() }
        #expect(await preview(fixture, ["no_such_model"]).0 == PipelineRuntime.ExitStatus.usage)
        #expect(await preview(fixture, ["patients"], date: nil).0 == PipelineRuntime.ExitStatus.usage)
    }
}
