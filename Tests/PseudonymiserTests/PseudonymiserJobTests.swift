import Foundation
import ObjectStore
import Parquet
import PipelineContracts
import PipelineRuntime
import Testing
@testable import Pseudonymiser

@Suite struct PseudonymiserJobTests {
    static let day1 = try! BusinessDate(iso: "2024-03-01")
    static let day2 = try! BusinessDate(iso: "2024-03-02")
    static let pseudonymiser = BronzeLakeFixture.pseudonymiser

    /// Every NHS number the tests use, raw and normalised: none may appear in `pseudonymised/`.
    static let nhsNumbers = [
        "9434765919", "123 456 7881", "1234567881", "0123456789", "9434765910", "1000000010", "123456789A",
        "1234567880", "4010232137", "4505577104", "3333333333",
    ]

    static func sk(_ nhs: String) -> String { try! pseudonymiser.patientSK(raw: nhs).get() }

    static func firstDay() -> BronzeLakeFixture.Day {
        var day = BronzeLakeFixture.Day()
        day.patients = [
            BronzeLakeFixture.patientRow(1, "9434765919"),
            BronzeLakeFixture.patientRow(2, "123 456 7881"),
            BronzeLakeFixture.patientRow(3, "0123456789"),
            BronzeLakeFixture.patientRow(4, "9434765910"),
            BronzeLakeFixture.patientRow(5, "1000000010"),
            BronzeLakeFixture.patientRow(6, "123456789A"),
            BronzeLakeFixture.patientRow(7, nil),
            BronzeLakeFixture.patientRow(8, ""),
        ]
        day.events[.encounters] = [
            BronzeLakeFixture.eventRow(.encounters, id: 11, patient: 1), BronzeLakeFixture.eventRow(.encounters, id: 12, patient: 4),
            BronzeLakeFixture.eventRow(.encounters, id: 13, patient: 99), BronzeLakeFixture.eventRow(.encounters, id: 14, patient: 3),
        ]
        day.events[.appointments] = [
            BronzeLakeFixture.eventRow(.appointments, id: 21, patient: 1, nhs: "9434765919"),
            BronzeLakeFixture.eventRow(.appointments, id: 22, patient: 2, nhs: "1234567880"),
            BronzeLakeFixture.eventRow(.appointments, id: 23, patient: 5, nhs: "1000000010"),
            BronzeLakeFixture.eventRow(.appointments, id: 24, patient: 99, nhs: nil),
        ]
        for entity in [BronzeEntity.referrals, .diagnoses, .urgentCareLogs, .diagnosticsOrders] {
            day.events[entity] = [BronzeLakeFixture.eventRow(entity, id: 31, patient: 1), BronzeLakeFixture.eventRow(entity, id: 32, patient: 6)]
        }
        return day
    }

    @Test func pseudonymisesValidPatientsAndQuarantinesEveryRejectionReason() async throws {
        let lake = try BronzeLakeFixture()
        try await lake.ingest(Self.firstDay(), on: Self.day1)
        let summary = await lake.run()
        #expect(summary.succeeded.count == 1)
        #expect(summary.failed.isEmpty)
        let manifest = try #require(try await lake.manifest(Self.day1))
        #expect(manifest.status == .succeeded)

        let patients = try await lake.read(manifest, dataset: "patient_demographics")
        #expect(patients.schema.columns.map(\.name) == [
            "patient_sk", "age", "age_band", "sex", "ethnicity_ons", "lsoa_code", "registered_gp_practice_id",
            "registration_start_date", "is_active", "updated_at",
        ])
        #expect(patients.schema.columns.first { $0.name == "updated_at" }?.type == BronzeLakeFixture.timestamp)
        #expect(patients.schema.columns.first { $0.name == "registration_start_date" }?.type == .date)
        #expect(patients.column(named: "patient_sk")?.compactMap(\.stringValue) == [Self.sk("9434765919"), Self.sk("1234567881"), Self.sk("0123456789")])

        let quarantine = try await lake.read(manifest, dataset: "quarantine_patient_demographics")
        let reasons = Dictionary(uniqueKeysWithValues: zip(
            quarantine.column(named: "patient_id")!.compactMap(\.int64Value), quarantine.column(named: "reason")!.compactMap(\.stringValue)))
        #expect(reasons == [4: "mod11_mismatch", 5: "mod11_invalid", 6: "invalid_format", 7: "missing", 8: "missing"])
        #expect(manifest.outputs(dataset: "quarantine_patient_demographics").first?.key.hasPrefix(
            "restricted/quarantine/entity=patient_demographics/business_date=2024-03-01/run_id=\(manifest.runID)/") == true)

        #expect(manifest.metrics["patient_demographics.rows_in"] == 8)
        #expect(manifest.metrics["patient_demographics.rows_out"] == 3)
        #expect(manifest.metrics["patient_demographics.quarantined.missing"] == 2)
        #expect(manifest.metrics["patient_demographics.quarantined.invalid_format"] == 1)
        #expect(manifest.metrics["patient_demographics.quarantined.mod11_invalid"] == 1)
        #expect(manifest.metrics["patient_demographics.quarantined.mod11_mismatch"] == 1)
        #expect(manifest.metrics["patient_keys.new"] == 3)
    }

    @Test func eventsResolveThroughTheKeyMapAndUnresolvedPatientsFlowWithNull() async throws {
        let lake = try BronzeLakeFixture()
        try await lake.ingest(Self.firstDay(), on: Self.day1)
        _ = await lake.run()
        let manifest = try #require(try await lake.manifest(Self.day1))

        let encounters = try await lake.read(manifest, dataset: "encounters")
        #expect(encounters.column(named: "encounters_id")?.compactMap(\.int64Value) == [11, 12, 13, 14])
        #expect(encounters.column(named: "patient_sk")?.map(\.stringValue) == [Self.sk("9434765919"), nil, nil, Self.sk("0123456789")])
        #expect(manifest.metrics["encounters.unresolved_patient"] == 2)
        #expect(manifest.metrics["encounters.unresolved_patient.quarantined"] == 1)
        #expect(manifest.metrics["encounters.unresolved_patient.unknown"] == 1)

        // Appointments: every event flows; invalid NHS numbers are also quarantined with their reason.
        let appointments = try await lake.read(manifest, dataset: "appointments")
        #expect(appointments.column(named: "patient_sk")?.map(\.stringValue) == [Self.sk("9434765919"), Self.sk("1234567881"), nil, nil])
        #expect(manifest.metrics["appointments.rows_out"] == 4)
        let quarantined = try await lake.read(manifest, dataset: "quarantine_appointments")
        #expect(quarantined.column(named: "appointment_id")?.compactMap(\.int64Value) == [22, 23, 24])
        #expect(quarantined.column(named: "reason")?.compactMap(\.stringValue) == ["mod11_mismatch", "mod11_invalid", "missing"])
        #expect(manifest.metrics["appointments.quarantined.mod11_mismatch"] == 1)

        for entity in ["referrals", "diagnoses", "urgent_care_logs", "diagnostics_orders"] {
            let batch = try await lake.read(manifest, dataset: entity)
            #expect(batch.column(named: "patient_sk")?.map(\.stringValue) == [Self.sk("9434765919"), nil], "\(entity)")
            #expect(manifest.outputs(dataset: entity).first?.key.hasPrefix("pseudonymised/entity=\(entity)/business_date=2024-03-01/") == true)
        }
    }

    @Test func noNHSNumberOrPatientIDSurvivesInAnyPseudonymisedOutput() async throws {
        let lake = try BronzeLakeFixture()
        try await lake.ingest(Self.firstDay(), on: Self.day1)
        _ = await lake.run()
        let manifest = try #require(try await lake.manifest(Self.day1))
        let pseudonymised = manifest.outputs.filter { $0.key.hasPrefix("pseudonymised/") }
        #expect(Set(pseudonymised.map(\.dataset)) == Set(PseudonymisationPolicy.entities.map(\.rawValue)))
        let forbiddenColumns: Set<String> = ["nhs_pseudo_id", "patient_id", "date_of_birth", "postcode_sector"]
        let normalised = Self.nhsNumbers.map { $0.filter(\.isNumber) }
        for output in pseudonymised {
            let batch = try ParquetReader(bytes: try await lake.lake.get(key: output.key), name: output.key).readAll()
            #expect(Set(batch.schema.columns.map(\.name)).isDisjoint(with: forbiddenColumns), "\(output.dataset)")
            for (column, values) in zip(batch.schema.columns, batch.columns) {
                for value in values {
                    let text: String
                    switch value {
                    case .string(let string): text = string
                    case .int64(let number): text = String(number)
                    case .bytes(let bytes): text = String(decoding: bytes, as: UTF8.self)
                    default: continue
                    }
                    for number in Self.nhsNumbers + normalised {
                        #expect(!text.contains(number), "\(output.dataset).\(column.name) holds an NHS number")
                    }
                }
            }
        }
    }

    @Test func keyMapGrowsOnlyWithNewOrChangedPatientsAcrossDates() async throws {
        let lake = try BronzeLakeFixture()
        try await lake.ingest(Self.firstDay(), on: Self.day1)
        var second = BronzeLakeFixture.Day()
        second.patients = [
            BronzeLakeFixture.patientRow(1, "9434765919"),  // re-sent, unchanged
            BronzeLakeFixture.patientRow(2, "4010232137"),  // NHS number corrected
            BronzeLakeFixture.patientRow(9, "4505577104"),  // new
            BronzeLakeFixture.patientRow(10, "12345", updatedAt: 1_700_000_000_000_002),  // latest version invalid
            BronzeLakeFixture.patientRow(10, "3333333333", updatedAt: 1_700_000_000_000_001),
        ]
        second.events[.encounters] = [
            BronzeLakeFixture.eventRow(.encounters, id: 41, patient: 1), BronzeLakeFixture.eventRow(.encounters, id: 42, patient: 2),
            BronzeLakeFixture.eventRow(.encounters, id: 43, patient: 9), BronzeLakeFixture.eventRow(.encounters, id: 44, patient: 10),
            BronzeLakeFixture.eventRow(.encounters, id: 45, patient: 3),
        ]
        try await lake.ingest(second, on: Self.day2)
        let summary = await lake.run()
        #expect(summary.succeeded.map(\.date) == [Self.day1, Self.day2])

        let first = try #require(try await lake.manifest(Self.day1))
        let keys1 = try await lake.read(first, dataset: "patient_keys")
        #expect(keys1.column(named: "patient_id")?.compactMap(\.int64Value) == [1, 2, 3])
        #expect(first.outputs(dataset: "patient_keys").first?.key.hasPrefix("restricted/patient_keys/business_date=2024-03-01/") == true)

        let manifest = try #require(try await lake.manifest(Self.day2))
        let keys2 = try await lake.read(manifest, dataset: "patient_keys")
        #expect(keys2.column(named: "patient_id")?.compactMap(\.int64Value) == [2, 9])
        #expect(keys2.column(named: "change")?.compactMap(\.stringValue) == ["changed", "new"])
        #expect(keys2.column(named: "patient_sk")?.compactMap(\.stringValue) == [Self.sk("4010232137"), Self.sk("4505577104")])
        #expect(manifest.metrics["patient_keys.new"] == 1)
        #expect(manifest.metrics["patient_keys.changed"] == 1)
        #expect(manifest.metrics["patient_keys.total"] == 4)
        // The earlier run's key file is an input of this run.
        #expect(manifest.inputs.contains(first.asInput))

        let encounters = try await lake.read(manifest, dataset: "encounters")
        #expect(encounters.column(named: "patient_sk")?.map(\.stringValue) == [
            Self.sk("9434765919"), Self.sk("4010232137"), Self.sk("4505577104"), nil, Self.sk("0123456789"),
        ])
        let quarantine = try await lake.read(manifest, dataset: "quarantine_patient_demographics")
        #expect(quarantine.column(named: "patient_id")?.compactMap(\.int64Value) == [10])
        #expect(quarantine.column(named: "reason")?.compactMap(\.stringValue) == ["invalid_format"])
    }

    @Test func tamperedUpstreamOutputFailsTheRunWithIntegrityMismatch() async throws {
        let lake = try BronzeLakeFixture()
        let ingests = try await lake.ingest(Self.firstDay(), on: Self.day1)
        let output = try #require(ingests[PipelineGraph.ehrIngest]?.outputs(dataset: "encounters").first)
        var bytes = try await lake.lake.get(key: output.key)
        bytes[bytes.count / 2] ^= 0xFF
        try Data(bytes).write(to: URL(fileURLWithPath: try lake.lake.path(for: output.key)))

        let summary = await lake.run()
        #expect(summary.failed.map(\.date) == [Self.day1])
        #expect(summary.exitStatus == .failed)
        let manifest = try #require(try await lake.manifest(Self.day1))
        #expect(manifest.status == .failed)
        #expect(manifest.errors.map(\.code) == ["integrity_mismatch"])
        #expect(manifest.outputs.isEmpty)
    }

    @Test func dateWithoutEveryIngestManifestIsNotPending() async throws {
        let lake = try BronzeLakeFixture()
        try await lake.ingest(Self.firstDay(), on: Self.day1, skipping: [PipelineGraph.diagnosticsIngest])
        #expect(try await PseudonymiserJob.pendingDates(manifests: lake.manifests).isEmpty)
        let summary = await lake.run()
        #expect(summary.succeeded.isEmpty && summary.failed.isEmpty)
        #expect(try await lake.manifest(Self.day1) == nil)

        // Naming the date explicitly is refused as blocked (exit 3) and records nothing.
        let explicit = await lake.run(dates: [Self.day1])
        #expect(explicit.exitStatus == .blocked)
        #expect(try await lake.manifest(Self.day1) == nil)
    }

    @Test func sameKeyGivesTheSamePseudonymsAndAnotherKeyDifferentOnes() async throws {
        let first = try BronzeLakeFixture()
        let second = try BronzeLakeFixture()
        let third = try BronzeLakeFixture()
        for lake in [first, second, third] { try await lake.ingest(Self.firstDay(), on: Self.day1) }
        _ = await first.run()
        _ = await second.run()
        _ = await third.run(key: try PseudonymKey(bytes: Array("another-key-for-another-environment-0001".utf8)))
        func sks(_ lake: BronzeLakeFixture) async throws -> [String] {
            let manifest = try #require(try await lake.manifest(Self.day1))
            return try await lake.read(manifest, dataset: "patient_demographics").column(named: "patient_sk")!.compactMap(\.stringValue)
        }
        let a = try await sks(first), b = try await sks(second), c = try await sks(third)
        #expect(a.count == 3)
        #expect(a == b)
        #expect(Set(a).isDisjoint(with: c))
    }
}
