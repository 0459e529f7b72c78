import Foundation
import PipelineContracts

/// The generator's ground truth, for tests of the pipeline: expected rows per release, planted defects and
/// the designed and observed inequality gradients. Counts only — never an NHS number. Written to a local file
/// (`--truth-file`), never published into the sources.
package struct GroundTruth: Sendable, Codable {
    package struct Parameters: Sendable, Codable {
        package var seed: UInt64
        package var patients: Int
        package var months: Int
        package var startDate: BusinessDate
        package var lastDate: BusinessDate
        package var cutoffDate: BusinessDate
        package var holdBackDays: Int
        package var generatorVersion: Int
    }

    /// A rate per stratum: events / denominator.
    package struct Rate: Sendable, Codable, Hashable {
        package var events = 0
        package var denominator = 0
        package var rate: Double? { denominator == 0 ? nil : Double(events) / Double(denominator) }

        enum CodingKeys: String, CodingKey { case events, denominator, rate }

        package init() {}

        package init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            events = try container.decode(Int.self, forKey: .events)
            denominator = try container.decode(Int.self, forKey: .denominator)
        }

        package func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(events, forKey: .events)
            try container.encode(denominator, forKey: .denominator)
            try container.encodeIfPresent(rate, forKey: .rate)
        }
    }

    /// Observed outcome rates by the patient's true IMD decile (of their first address) and by ethnicity label.
    package struct Gradient: Sendable, Codable {
        package var byImdDecile: [String: Rate] = [:]
        package var byEthnicity: [String: Rate] = [:]
        package var overall = Rate()

        mutating func add(decile: Int, ethnicity: String?, event: Bool) {
            for key in [String(decile)] { byImdDecile[key, default: Rate()].add(event) }
            byEthnicity[ethnicity ?? "Not stated", default: Rate()].add(event)
            overall.add(event)
        }
    }

    package var parameters: Parameters
    /// Expected rows per release (the initial load and each held-back day).
    package var releases: [SourceSliceWriter.SliceSummary]
    /// Patients by how their NHS number is recorded.
    package var nhsNumberRecordings: [String: Int]
    /// Patients whose number the pipeline must reject, by reason (spaced/hyphenated ones normalise to valid).
    package var nhsNumberRejections: [String: Int]
    package var ethnicityNotStated: Int
    /// Patients whose source `imd_decile` disagrees with the decile of their LSOA (null included).
    package var sourceImdDecileUnreliable: Int
    /// Row versions beyond the first per key (late-arriving updates), by table or file.
    package var lateUpdates: [String: Int]
    package var designedGradients: [String: String]
    /// Share of appointments (latest version) with booking_status DNA.
    package var appointmentDna: Gradient
    /// Share of performed diagnostic tests waiting more than 42 days (request → performed).
    package var diagnosticsDm01Breach: Gradient
    /// Share of urgent-care attendances with a departure more than 240 minutes after arrival.
    package var urgentCareFourHourBreach: Gradient
}

extension GroundTruth.Rate {
    mutating func add(_ event: Bool) {
        denominator += 1
        if event { events += 1 }
    }
}

/// Accumulates ``GroundTruth`` while patient histories stream past.
package struct GroundTruthBuilder {
    private let parameters: SimulationParameters
    private var recordings: [String: Int] = [:]
    private var rejections: [String: Int] = [:]
    private var notStated = 0
    private var unreliable = 0
    private var lateUpdates: [String: Int] = [:]
    private var dna = GroundTruth.Gradient()
    private var dm01 = GroundTruth.Gradient()
    private var fourHour = GroundTruth.Gradient()

    package init(parameters: SimulationParameters) { self.parameters = parameters }

    package mutating func add(_ history: PatientHistory) {
        recordings[history.nhsRecording.rawValue, default: 0] += 1
        if let rejection = history.nhsRecording.expectedRejection { rejections[rejection.rawValue, default: 0] += 1 }
        if history.ethnicity == nil { notStated += 1 }
        if let first = history.patients.first, first.imdDecile != history.trueDecile { unreliable += 1 }
        func versions<Row>(_ name: String, _ rows: [Row], _ id: (Row) -> Int) {
            var previous: Int?
            for row in rows {
                let key = id(row)
                if key == previous { lateUpdates[name, default: 0] += 1 }
                previous = key
            }
        }
        versions("ehr.patient_demographics", history.patients) { $0.patientID }
        versions("ehr.encounters", history.encounters) { $0.encounterID }
        versions("ehr.referrals", history.referrals) { $0.referralID }
        versions("sftp.appointments", history.appointments) { $0.appointmentID }
        versions("trust_s3.diagnostics_orders", history.diagnosticOrders) { $0.diagnosticID }
        for (index, appointment) in history.appointments.enumerated()
        where index + 1 == history.appointments.count || history.appointments[index + 1].appointmentID != appointment.appointmentID {
            dna.add(decile: history.trueDecile, ethnicity: history.ethnicity, event: appointment.bookingStatus == "DNA")
        }
        for (index, order) in history.diagnosticOrders.enumerated()
        where index + 1 == history.diagnosticOrders.count || history.diagnosticOrders[index + 1].diagnosticID != order.diagnosticID {
            guard let performed = order.performedDate else { continue }
            dm01.add(decile: history.trueDecile, ethnicity: history.ethnicity, event: performed.daysSinceEpoch - order.requestDate.daysSinceEpoch > 42)
        }
        for log in history.urgentCareLogs {
            guard let departure = log.departure else { continue }
            fourHour.add(decile: history.trueDecile, ethnicity: history.ethnicity, event: departure.seconds - log.arrival.seconds > 240 * 60)
        }
    }

    package func build(releases: [SourceSliceWriter.SliceSummary]) -> GroundTruth {
        GroundTruth(
            parameters: GroundTruth.Parameters(
                seed: parameters.seed, patients: parameters.patients, months: parameters.months,
                startDate: parameters.startDate, lastDate: parameters.lastDate, cutoffDate: parameters.cutoffDate,
                holdBackDays: parameters.holdBackDays, generatorVersion: SimulationParameters.generatorVersion),
            releases: releases, nhsNumberRecordings: recordings, nhsNumberRejections: rejections,
            ethnicityNotStated: notStated, sourceImdDecileUnreliable: unreliable, lateUpdates: lateUpdates,
            designedGradients: [
                "residence": "LSOA weight 1/decile, x(1+4b) for deciles 1-3 where b is the ethnicity's deprivation bias (Pakistani 0.70, Bangladeshi 0.75, Black African 0.50, ...)",
                "elective_wait_days": "U{18+60f..35+80f} + ethnicity add-on (Pakistani/Bangladeshi U{12..29}, Black African/Caribbean U{8..24}, other non-White U{3..14}), x(1+0.4*progress through the year); f=(11-decile)/10",
                "dna": "p = 0.04 + 0.14f + ethnicity (0.08 Pakistani/Bangladeshi, 0.06 Black African/Caribbean, 0.03 other non-White) + 0.05 ages 16-44 - 0.02 ages 65+, clamped to [0.01, 0.35]; a non-attendance is DNA with p 0.8",
                "dm01": "referral-sourced tests: p(wait 43-100 days) = 0.06 + 0.14f + ethnicity DNA add-on / 2.5; p(29-42) = 0.12; else 0-28 days; encounter-sourced tests 0-2 days",
                "urgent_care": "length of stay Normal((155 + 60f + winter (30 + 20f)) x site speed, 55 + 10f); 12-hour tail only for deciles 1-4; left before seen +0.08f",
            ],
            appointmentDna: dna, diagnosticsDm01Breach: dm01, urgentCareFourHourBreach: fourHour)
    }
}
