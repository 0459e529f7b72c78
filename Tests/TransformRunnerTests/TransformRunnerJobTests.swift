import Foundation
import Parquet
import PipelineContracts
import PipelineRuntime
import PipelineTesting
import Testing
import TransformRunner

/// End-to-end runs against the local warehouse (WAREHOUSE_URL) on a temporary file-system lake.
@Suite(.serialized) struct TransformRunnerJobTests {
    static let day1 = day("2025-03-30")
    static let day2 = day("2025-03-31")

    /// Upstream runs for both dates plus reference data, then Silver for both dates.
    static func silverLake() async throws -> (TransformFixture, RunManifest, RunManifest) {
        let fixture = try TransformFixture()
        try await fixture.writeRun(PipelineGraph.referenceIngest, date: day1, datasets: TransformTestData.reference())
        try await fixture.writeRun(PipelineGraph.pseudonymise, date: day1, datasets: TransformTestData.day1())
        try await fixture.writeRun(PipelineGraph.pseudonymise, date: day2, datasets: TransformTestData.day2())
        let first = try await fixture.run(.silver, date: day1)
        #expect(first.succeeded.count == 1, "silver day 1: \(fixture.logs.captured.suffix(5))")
        let second = try await fixture.run(.silver, date: day2)
        #expect(second.succeeded.count == 1, "silver day 2: \(fixture.logs.captured.suffix(5))")
        let node = PipelineGraph.silver
        let silver1 = try #require(try await fixture.manifests.latestSucceeded(stage: node.stage, scope: node.scope, date: day1))
        let silver2 = try #require(try await fixture.manifests.latestSucceeded(stage: node.stage, scope: node.scope, date: day2))
        return (fixture, silver1, silver2)
    }

    @Test func silverDeduplicatesConvertsTimeZonesAndRederivesDeprivation() async throws {
        let (fixture, silver1, silver2) = try await Self.silverLake()
        defer { fixture.remove() }

        // Same-day duplicates: the later updated_at wins.
        let encounters1 = try await fixture.rows(silver1, "encounters")
        #expect(encounters1.count == 3)
        #expect(encounters1.first { $0["encounter_id"] == .int64(3) }?["priority"]?.text == "URGENT")
        // Across dates: a newer version replaces the previous snapshot's row; a late, older version does not.
        let encounters2 = try await fixture.rows(silver2, "encounters")
        #expect(encounters2.count == 3)
        #expect(encounters2.first { $0["encounter_id"] == .int64(2) }?["priority"]?.text == "URGENT")
        #expect(encounters2.first { $0["encounter_id"] == .int64(1) }?["priority"]?.text == "ROUTINE")
        #expect(encounters2.first { $0["encounter_id"] == .int64(1) }?["_business_date"] == .date(Int32(Self.day1.daysSinceEpoch)))

        // Europe/London wall clock → UTC: BST subtracts an hour; the nonexistent 01:30 on 2025-03-30 and the
        // ambiguous 01:30 on 2025-10-26 are both read as GMT (PostgreSQL's rule, documented in the README).
        let urgent = try await fixture.rows(silver1, "urgent_care")
        func arrival(_ id: Int64) -> ParquetValue? { urgent.first { $0["uc_log_id"] == .int64(id) }?["arrival_datetime"] }
        #expect(arrival(8) == .timestamp(utcInstant("2025-07-01 09:00")))
        #expect(arrival(6) == .timestamp(utcInstant("2025-03-30 01:30")))
        #expect(arrival(7) == .timestamp(utcInstant("2025-10-26 01:30")))
        #expect(arrival(1) == .timestamp(utcInstant("2025-03-10 10:00")))
        #expect(urgent.first { $0["uc_log_id"] == .int64(1) }?["triage_category"]?.text == "Cat 2")
        #expect(urgent.first { $0["uc_log_id"] == .int64(2) }?["triage_category"]?.text == "Cat 3")
        let urgentSchema = try ParquetReader(bytes: try await fixture.lake.get(key: silver1.outputs(dataset: "urgent_care")[0].key), name: "u").schema
        #expect(urgentSchema.columns.first { $0.name == "arrival_datetime" }?.type == .timestamp(unit: .microseconds, isAdjustedToUTC: true))

        // IMD decile re-derived from the LSOA lookup (the source said 7 for everyone); ethnicity mapped to codes.
        let patients = try await fixture.rows(silver1, "patients")
        #expect(patients.count == 30)
        for index in [0, 14, 29] {
            let row = patients.first { $0.text("patient_sk") == TransformTestData.sk(index) }
            #expect(row?["imd_decile"] == .int32(Int32(TransformTestData.decile(ofPatient: index))))
        }
        #expect(patients.first { $0.text("patient_sk") == TransformTestData.sk(0) }?["imd_label"]?.text == "Most deprived 10%")
        #expect(patients.first { $0.text("patient_sk") == TransformTestData.sk(3) }?["ethnicity_code"]?.text == "Z")
        #expect(patients.first { $0.text("patient_sk") == TransformTestData.sk(4) }?["ethnicity_code"]?.text == "J")
        #expect(patients.first { $0.text("patient_sk") == TransformTestData.sk(0) }?["ethnicity_code"]?.text == "A")

        // Float-text ids are parsed numerically ("1.0" is 1, never 10); staff data never reaches Silver.
        let orders = try await fixture.rows(silver1, "diagnostics_orders")
        #expect(orders.first { $0["diagnostic_id"] == .int64(1) }?["referral_id"] == .int64(1))
        #expect(orders.filter { $0["diagnostic_id"] == .int64(4) }.map { $0["performed_date"] } == [.date(20139)])  // 2025-02-20
        let providers = try await fixture.rows(silver1, "providers")
        #expect(providers.count == 3)
        #expect(providers[0]["site_manager_name"] == nil)

        // A failed cast rejects the row with a reason; it is counted, never silently dropped or truncated.
        let rejects = try await fixture.rows(silver1, "silver_rejects")
        #expect(rejects.count == 1)
        #expect(rejects.first?["table_name"]?.text == "appointments")
        #expect(rejects.first?["reason"]?.text?.contains("appointment_start_datetime") == true)
        #expect(silver1.metrics["rejected_rows"] == 1)
        #expect(try await fixture.rows(silver1, "appointments").count == 200)

        // Storage grows with changed data: unchanged tables re-list the previous snapshot's files.
        #expect(silver2.outputs(dataset: "providers").map(\.key) == silver1.outputs(dataset: "providers").map(\.key))
        #expect(silver2.outputs(dataset: "patients").map(\.key) == silver1.outputs(dataset: "patients").map(\.key))
        #expect(silver2.outputs(dataset: "encounters").map(\.key) != silver1.outputs(dataset: "encounters").map(\.key))
        #expect(silver2.inputs.contains { $0.runID == silver1.runID })

        // The run schemas are gone.
        let schemas = try await fixture.runSchemas()
        for manifest in [silver1, silver2] {
            #expect(!schemas.contains(WarehouseSchema.name(forRun: manifest.runID.description)))
        }
    }

    @Test func goldIsBlockedUntilTheSilverSnapshotPassedDataQuality() async throws {
        let (fixture, silver1, silver2) = try await Self.silverLake()
        defer { fixture.remove() }
        let quality = PipelineGraph.silverQuality

        let missing = try await fixture.run(.gold, date: Self.day2)
        #expect(missing.exitStatus == .blocked)
        #expect(fixture.logs.captured.contains { $0.contains("upstream_dq_missing") })

        try await fixture.writeRun(quality, date: Self.day2, datasets: [:], inputs: [silver2.asInput], status: .failed)
        let failed = try await fixture.run(.gold, date: Self.day2)
        #expect(failed.exitStatus == .blocked)
        #expect(fixture.logs.captured.contains { $0.contains("upstream_dq_failed") })

        // A passed DQ run for another Silver run does not vouch for this one.
        try await fixture.writeRun(quality, date: Self.day2, datasets: [:], inputs: [silver1.asInput])
        let stale = try await fixture.run(.gold, date: Self.day2)
        #expect(stale.exitStatus == .blocked)
        let gold = PipelineGraph.gold
        #expect(try await fixture.manifests.latest(stage: gold.stage, scope: gold.scope, date: Self.day2).succeeded == nil)
        #expect(try await fixture.manifests.runKeys(stage: gold.stage, scope: gold.scope, date: Self.day2).isEmpty)
    }

    @Test func goldComputesWaitsBreachesInequalityAndSuppression() async throws {
        let (fixture, _, silver2) = try await Self.silverLake()
        defer { fixture.remove() }
        try await fixture.writeRun(PipelineGraph.silverQuality, date: Self.day2, datasets: [:], inputs: [silver2.asInput])
        let summary = try await fixture.run(.gold, date: Self.day2)
        #expect(summary.succeeded.count == 1, "\(fixture.logs.captured.suffix(5))")
        let node = PipelineGraph.gold
        let gold = try #require(try await fixture.manifests.latestSucceeded(stage: node.stage, scope: node.scope, date: Self.day2))
        #expect(gold.inputs.contains { $0.runID == silver2.runID })

        // RTT: completed pathways measure referral → first attended OP at the referred provider; incomplete ones
        // the wait so far at the snapshot date; both breach above 126 days.
        let waits = Dictionary(uniqueKeysWithValues: try await fixture.rows(gold, "fct_wait_times").map { ($0["referral_id"]!, $0) })
        func wait(_ id: Int64) -> [String: ParquetValue] { waits[.int64(id)] ?? [:] }
        #expect(wait(1)["pathway_status"]?.text == "completed")
        #expect(wait(1)["wait_days"] == .int32(160))
        #expect(wait(1)["rtt_breach_flag"] == .bool(true))
        #expect(wait(2)["pathway_status"]?.text == "incomplete")
        #expect(wait(2)["wait_days"] == .int32(88))
        #expect(wait(2)["rtt_breach_flag"] == .bool(false))
        #expect(wait(3)["pathway_status"]?.text == "incomplete")
        #expect(wait(3)["wait_days"] == .int32(150))
        #expect(wait(3)["rtt_breach_flag"] == .bool(true))
        #expect(wait(4)["pathway_status"]?.text == "completed")
        #expect(wait(4)["wait_days"] == .int32(42))
        #expect(wait(4)["treatment_encounter_id"] == .int64(3))
        #expect(wait(5)["pathway_status"]?.text == "closed_without_treatment")
        #expect(wait(5)["wait_days"] == .null)
        // DM01: request → performed (same order); not yet performed = waiting so far; breach above 42 days.
        #expect(wait(1)["dm01_wait_days"] == .int32(46))
        #expect(wait(1)["dm01_breach_flag"] == .bool(true))
        #expect(wait(1)["dm01_status"]?.text == "performed")
        #expect(wait(2)["dm01_wait_days"] == .int32(30))
        #expect(wait(2)["dm01_breach_flag"] == .bool(false))
        #expect(wait(2)["dm01_status"]?.text == "waiting")
        #expect(wait(3)["dm01_wait_days"] == .int32(89))
        #expect(wait(3)["dm01_breach_flag"] == .bool(true))

        // A&E: > 240 / > 720 minutes; a missing departure is "still in department", never a silent non-breach.
        let attendances = Dictionary(uniqueKeysWithValues: try await fixture.rows(gold, "fct_urgent_care").map { ($0["uc_log_id"]!, $0) })
        func attendance(_ id: Int64) -> [String: ParquetValue] { attendances[.int64(id)] ?? [:] }
        #expect(attendance(1)["four_hour_breach_flag"] == .bool(true))
        #expect(attendance(1)["arrival_to_discharge_mins"] == .int32(241))
        #expect(attendance(2)["four_hour_breach_flag"] == .bool(false))
        #expect(attendance(3)["four_hour_breach_flag"] == .null)
        #expect(attendance(3)["still_in_department_flag"] == .bool(true))
        #expect(attendance(4)["four_hour_breach_flag"] == .bool(true))
        #expect(attendance(4)["twelve_hour_breach_flag"] == .bool(true))
        #expect(attendance(5)["arrival_to_discharge_mins"] == .int32(180))
        #expect(attendance(5)["four_hour_breach_flag"] == .bool(false))
        #expect(attendance(7).isEmpty)  // after the snapshot date

        // Utilisation flags are case-insensitive; the site joins on the numeric service location.
        let appointments = try await fixture.rows(gold, "fct_utilisation")
        let expectedDNA: Int = (1...10).map { 15 - $0 }.reduce(0, +)
        let dnaCount = appointments.filter { (row: [String: ParquetValue]) -> Bool in row["dna_flag"] == .bool(true) }.count
        let attendedCount = appointments.filter { (row: [String: ParquetValue]) -> Bool in row["attended_flag"] == .bool(true) }.count
        #expect(dnaCount == expectedDNA)
        #expect(attendedCount == 200 - expectedDNA)
        #expect(appointments.allSatisfy { $0["site_sk"] != .null })

        // Disclosure control: no published count below 5, and no partition with exactly one suppressed cell.
        let inequality = try await fixture.rows(gold, "fct_inequality")
        let cells = inequality.filter { !["SII", "RII"].contains($0.text("stratum")) }
        for cell in cells where cell["is_suppressed"] == .bool(false) {
            let population = cell["population_count"]?.int64Value ?? 0
            #expect(population >= 5)
            if let numerator = cell["numerator"]?.int64Value {
                #expect(numerator >= 5)
                #expect(population - numerator >= 5)
            }
        }
        for cell in cells where cell["is_suppressed"] == .bool(true) {
            #expect(cell["population_count"] == .null)
            #expect(cell["numerator"] == .null)
            #expect(cell["metric_value"] == .null)
        }
        let partitions = Dictionary(grouping: cells) { "\($0["metric_name"]!)|\($0["period"]!)|\($0["stratifier"]!)" }
        for (_, partition) in partitions where partition.count > 1 {
            #expect(partition.filter { $0["is_suppressed"] == .bool(true) }.count != 1)
        }
        // Sex: M (one patient, 2 attended appointments) is suppressed, so F — the only other cell — is too.
        let sexDNA = cells.filter { $0.text("metric_name") == "dna_rate" && $0.text("stratifier") == "sex" }
        #expect(sexDNA.count == 2)
        #expect(sexDNA.allSatisfy { (row: [String: ParquetValue]) -> Bool in row["is_suppressed"] == .bool(true) })

        // SII for the DNA rate against numpy's weighted least squares on the published deciles.
        let deciles = cells.filter { $0.text("metric_name") == "dna_rate" && $0.text("stratifier") == "imd_decile" && $0.text("stratum") != "Unknown" }
            .sorted { Int($0["stratum"]!.text!)! < Int($1["stratum"]!.text!)! }
        #expect(deciles.count == 10)
        let inputs = deciles.map {
            SlopeIndexOfInequality.Decile(
                decile: Int($0["stratum"]!.text!)!, population: Double($0["population_count"]!.int64Value!),
                value: $0["metric_value"]!.doubleValue!, standardError: 0)
        }
        let reference = try SlopeIndexOfInequalityTests.numpyReference(inputs)
        let siiRow = try #require(inequality.first { $0.text("metric_name") == "dna_rate" && $0.text("stratum") == "SII" })
        let sii = try #require(siiRow["metric_value"]?.doubleValue)
        #expect(abs(sii - reference.sii) < 1e-9)
        #expect(sii > 0)  // DNA falls with affluence in the fixture: higher in the most deprived areas
        #expect(deciles.allSatisfy { $0["sii_value"]?.doubleValue.map { abs($0 - sii) < 1e-12 } == true })
        let rii = try #require(inequality.first { $0.text("metric_name") == "dna_rate" && $0.text("stratum") == "RII" }?["metric_value"]?.doubleValue)
        #expect(abs(rii - reference.rii) < 1e-9)
        // A metric without all ten deciles refuses SII with a reason.
        let refused = try #require(inequality.first { $0.text("metric_name") == "four_hour_breach_rate" && $0.text("stratum") == "SII" })
        #expect(refused["metric_value"] == .null)
        #expect(refused["inequality_note"] != .null)

        #expect(try await fixture.rows(gold, "dim_date").count == 4018)
        #expect(try await fixture.rows(gold, "dim_ethnicity").count == 17)
        #expect(!(try await fixture.runSchemas()).contains(WarehouseSchema.name(forRun: gold.runID.description)))
    }

    /// Issue #15 ("same bytes where the writer is deterministic"): a forced re-run on the same inputs writes
    /// byte-identical Silver and Gold files. Incremental dedup ties and floating-point sums in arrival order
    /// once made two runs differ; the model order is now total and cell sums are exact.
    @Test func aForcedReRunOnTheSameInputsWritesTheSameBytes() async throws {
        let (fixture, silver1, silver2) = try await Self.silverLake()
        defer { fixture.remove() }
        func digests(_ manifest: RunManifest) -> [String] {
            manifest.outputs.map { "\($0.dataset) \($0.rows) \($0.sha256)" }.sorted()
        }
        let again = try await fixture.run(.silver, date: Self.day1, force: true)
        #expect(again.succeeded.count == 1)
        let node = PipelineGraph.silver
        let silver1Again = try #require(try await fixture.manifests.latestSucceeded(stage: node.stage, scope: node.scope, date: Self.day1))
        #expect(silver1Again.runID != silver1.runID)
        #expect(digests(silver1Again) == digests(silver1))

        try await fixture.writeRun(PipelineGraph.silverQuality, date: Self.day2, datasets: [:], inputs: [silver2.asInput])
        var golds: [RunManifest] = []
        for force in [false, true] {
            let summary = try await fixture.run(.gold, date: Self.day2, force: force)
            #expect(summary.succeeded.count == 1, "\(fixture.logs.captured.suffix(5))")
            let gold = PipelineGraph.gold
            golds.append(try #require(try await fixture.manifests.latestSucceeded(stage: gold.stage, scope: gold.scope, date: Self.day2)))
        }
        #expect(golds[0].runID != golds[1].runID)
        #expect(digests(golds[0]) == digests(golds[1]))
        #expect(!digests(golds[0]).isEmpty)
    }

    @Test func aFailingModelFailsTheRunAndStillDropsTheSchema() async throws {
        let fixture = try TransformFixture()
        defer { fixture.remove() }
        try await fixture.writeRun(PipelineGraph.referenceIngest, date: Self.day1, datasets: TransformTestData.reference())
        try await fixture.writeRun(PipelineGraph.pseudonymise, date: Self.day1, datasets: TransformTestData.day1())
        let models = fixture.directory.file("models-copy")
        try FileManager.default.copyItem(atPath: try ModelCatalog().root, toPath: models)
        try "-- materialized: table\n-- published: false\nSELECT 1 / 0 AS broken FROM {{ ref('encounters') }}\n"
            .write(toFile: models + "/models/silver/zz_broken.sql", atomically: true, encoding: .utf8)
        let summary = try await fixture.run(.silver, date: Self.day1, extra: ["TRANSFORM_MODELS_DIR": models])
        #expect(summary.exitStatus == .failed)
        let node = PipelineGraph.silver
        guard case .manifest(let manifest) = try await fixture.manifests.latest(stage: node.stage, scope: node.scope, date: Self.day1) else {
            Issue.record("no failed manifest")
            return
        }
        #expect(manifest.status == .failed)
        #expect(manifest.errors.first?.code == "model_failed")
        #expect(manifest.outputs.isEmpty)
        #expect(!(try await fixture.runSchemas()).contains(WarehouseSchema.name(forRun: manifest.runID.description)))
        #expect(!fixture.logs.captured.contains { $0.contains(fixture.warehouseURL) })
    }

    @Test func anUnreachableWarehouseFailsWithWarehouseUnavailable() async throws {
        let fixture = try TransformFixture()
        defer { fixture.remove() }
        try await fixture.writeRun(PipelineGraph.referenceIngest, date: Self.day1, datasets: TransformTestData.reference())
        try await fixture.writeRun(PipelineGraph.pseudonymise, date: Self.day1, datasets: TransformTestData.day1())
        let summary = try await fixture.run(
            .silver, date: Self.day1, extra: ["WAREHOUSE_URL": "postgresql://nobody:secret-pw@127.0.0.1:1/warehouse?connect_timeout=2"])
        #expect(summary.exitStatus == .failed)
        let node = PipelineGraph.silver
        guard case .manifest(let manifest) = try await fixture.manifests.latest(stage: node.stage, scope: node.scope, date: Self.day1) else {
            Issue.record("no failed manifest")
            return
        }
        #expect(manifest.errors.first?.code == "warehouse_unavailable")
        #expect(!fixture.logs.captured.contains { $0.contains("secret-pw") })
        #expect(!(try String(decoding: ContractJSON.encode(manifest), as: UTF8.self)).contains("secret-pw"))
    }
}
