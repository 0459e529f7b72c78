import Foundation
import Logging
import PipelineContracts
import PipelineTesting
import Testing
import TrustSimulator

@Suite(.serialized) struct TrustSimulationTests {
    private let logger = Logger(label: "trust-sim-test")

    private func parameters() throws -> SimulationParameters {
        try SimulationParameters(seed: 42, patients: 300, months: 2, holdBackDays: 3)
    }

    private func tableCounts(_ stack: SimulatorTestStack) throws -> [String: Int] {
        var counts: [String: Int] = [:]
        for table in SourceTable.allCases {
            let database = table.database == .ehr ? stack.ehrDatabase : stack.urgentDatabase
            counts["\(table.database.rawValue).\(table.rawValue)"] = Int(try stack.readerQuery("SELECT count(*) FROM \(table.rawValue)", database: database))
        }
        return counts
    }

    private func truth(_ path: String) throws -> GroundTruth {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        return try decoder.decode(GroundTruth.self, from: Data(contentsOf: URL(fileURLWithPath: path)))
    }

    @Test func backfillPublishesTheInitialLoadToAllThreeSystemsIncludingS3() async throws {
        let stack = try SimulatorTestStack(s3: true)
        defer { stack.remove() }
        let folder = try TemporaryDirectory(prefix: "trust-sim-truth")
        defer { folder.remove() }
        let simulation = TrustSimulation(configuration: stack.configuration(), logger: logger)
        let parameters = try parameters()
        _ = try await simulation.backfill(parameters: parameters, replace: false, truthFile: folder.file("truth.json"))
        let expected = try truth(folder.file("truth.json")).releases[0]
        #expect(expected.initialLoad && expected.businessDate == parameters.cutoffDate)

        let counts = try tableCounts(stack)
        for (table, rows) in counts { #expect(rows == expected.rows[table], "\(table)") }
        #expect(try stack.sftpListing() == ["20250225_appointments.csv"])
        let cutoff = parameters.cutoffDate.compact
        #expect(
            try stack.bucketKeys() == [
                "diagnostics/export_date=\(cutoff)/\(cutoff)_diagnostic_orders.csv",
                "reference/export_date=\(cutoff)/ethnicity_code_mapping.csv",
                "reference/export_date=\(cutoff)/lsoa_imd_lookup.csv",
                "reference/export_date=\(cutoff)/sites_and_services_master.xlsx",
            ])
    }

    @Test func releasesEachHeldBackDayOnceAndRepeatsChangeNothing() async throws {
        let stack = try SimulatorTestStack(s3: false)
        defer { stack.remove() }
        let folder = try TemporaryDirectory(prefix: "trust-sim-truth")
        defer { folder.remove() }
        let simulation = TrustSimulation(configuration: stack.configuration(), logger: logger)
        let parameters = try parameters()
        _ = try await simulation.backfill(parameters: parameters, replace: false, truthFile: folder.file("truth.json"))
        let truth = try truth(folder.file("truth.json"))
        let afterBackfill = try tableCounts(stack)
        for (table, rows) in afterBackfill { #expect(rows == truth.releases[0].rows[table], "\(table)") }

        // A second backfill with the same parameters publishes nothing; other parameters are refused.
        let again = try await simulation.backfill(parameters: parameters, replace: false, truthFile: nil)
        #expect(again.ehrRows == nil && again.urgentCareRows == nil && again.sftpFile == nil && again.referenceKeys.isEmpty)
        #expect(try tableCounts(stack) == afterBackfill)
        await #expect(throws: TrustSimulatorError.self) {
            _ = try await simulation.backfill(parameters: try SimulationParameters(seed: 7, patients: 300, months: 2, holdBackDays: 3), replace: false, truthFile: nil)
        }

        var status = try await simulation.status()
        #expect(status.releasedThrough == parameters.cutoffDate && status.heldBack == parameters.heldBackDates)
        for (index, date) in parameters.heldBackDates.enumerated() {
            let report = try #require(try await simulation.releaseNextDay())
            #expect(report.businessDate == date)
            let dayTruth = truth.releases[index + 1]
            #expect(dayTruth.businessDate == date)
            for table in SourceTable.allCases {
                let name = "\(table.database.rawValue).\(table.rawValue)"
                let published = (table.database == .ehr ? report.ehrRows : report.urgentCareRows)?[name]
                #expect(published == dayTruth.rows[name], "\(date) \(name)")
            }
        }
        let afterRelease = try tableCounts(stack)
        #expect(afterRelease["ehr.encounters"]! > afterBackfill["ehr.encounters"]!)
        #expect(try await simulation.releaseNextDay() == nil)
        #expect(try tableCounts(stack) == afterRelease)

        // Publishing an already released date again (as a crashed-and-rerun release would) changes nothing.
        let ehr = TrustDatabasePublisher(database: .ehr, url: stack.configuration().ehrDatabaseURL, readerRole: "pipeline_reader", logger: logger)
        let scratch = try TemporaryDirectory(prefix: "trust-sim-repeat")
        defer { scratch.remove() }
        let day = ReleaseSlice.day(parameters.heldBackDates[0])
        _ = try TrustSimulation.generate(parameters: parameters, directory: scratch.path, slices: [day])
        #expect(try await ehr.publishDay(day.businessDate) { "\(scratch.path)/\(day.businessDate)/postgres/\($0.rawValue).copy" } == nil)
        #expect(try tableCounts(stack) == afterRelease)

        status = try await simulation.status()
        #expect(status.releasedThrough == parameters.lastDate && status.heldBack.isEmpty && status.nextDate == nil)
        let watermarks = try stack.readerQuery(
            "SELECT string_agg(business_date::text || ':' || is_initial_load::text, ',' ORDER BY business_date) FROM release_watermark",
            database: stack.urgentDatabase)
        #expect(watermarks == "2025-02-25:true,2025-02-26:false,2025-02-27:false,2025-02-28:false")
        #expect(try stack.sftpListing() == ["20250225_appointments.csv", "20250226_appointments.csv", "20250227_appointments.csv", "20250228_appointments.csv"])
        #expect(try stack.bucketKeys().filter { $0.hasPrefix("diagnostics/") }.count == 4)
    }
}
