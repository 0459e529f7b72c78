import Foundation
import PipelineContracts

/// Generates the Trust's records one patient at a time, deterministically from ``SimulationParameters``.
///
/// Each patient draws from its own random stream, so memory stays bounded by one patient's history; the
/// only state carried between patients is the id counters and the set of NHS numbers already issued.
/// Only row versions whose `updatedAt` falls on or before the last history date are returned.
package struct TrustGenerator {
    package let parameters: SimulationParameters
    package let providers: ProviderCatalogue
    private var nextEncounterID = 1
    private var nextReferralID = 1
    private var nextDiagnosisID = 1
    private var nextLogID = 1
    private var nextDiagnosticID = 1
    private var issuedNumbers = Set<UInt64>()
    private var nextPatient = 1
    private let clinicianRanges: [ClosedRange<Int>]
    private let areaWeightsPlain: [Double]
    private let areaWeightsBiased: [Double: [Double]]
    private let ethnicityWeights: [Double]
    private let lastDay: Int
    private let startDay: Int

    /// How far beyond the history encounters are drawn, so referrals can be open at the end of history.
    private static let futureDays = 180

    package init(parameters: SimulationParameters) {
        self.parameters = parameters
        providers = ProviderCatalogue(seed: parameters.seed)
        var random = SimulationRandom(seed: parameters.seed, domain: .reference)
        var ranges: [ClosedRange<Int>] = []
        var next = 1
        for provider in providers.providers {
            let count: Int
            switch provider.kind {
            case .acuteHospital: count = random.int(80...149)
            case .gpPractice: count = random.int(8...19)
            case .communityClinic: count = random.int(15...39)
            case .urgentCare: count = random.int(20...49)
            case .diagnosticCentre: count = random.int(10...24)
            }
            ranges.append(next...(next + count - 1))
            next += count
        }
        clinicianRanges = ranges
        let plain = ReferenceCatalogue.areas.map { 1.0 / Double($0.imdDecile) }
        areaWeightsPlain = plain
        var biased: [Double: [Double]] = [:]
        for bias in Set(ReferenceCatalogue.ethnicities.map(\.deprivationBias)) where bias > 0 {
            biased[bias] = zip(ReferenceCatalogue.areas, plain).map { $0.imdDecile <= 3 ? $1 * (1 + 4 * bias) : $1 }
        }
        areaWeightsBiased = biased
        let stated = ReferenceCatalogue.ethnicities.map(\.share)
        let statedTotal = stated.reduce(0, +)
        ethnicityWeights = stated.map { $0 / statedTotal * (1 - ReferenceCatalogue.ethnicityNotStatedShare) }
            + [ReferenceCatalogue.ethnicityNotStatedShare]
        lastDay = parameters.lastDate.daysSinceEpoch
        startDay = parameters.startDate.daysSinceEpoch
    }

    /// The next patient's history, or nil after the last patient.
    package mutating func next() -> PatientHistory? {
        guard nextPatient <= parameters.patients else { return nil }
        defer { nextPatient += 1 }
        return generatePatient(nextPatient)
    }

    // MARK: - Patients

    private mutating func generatePatient(_ patientID: Int) -> PatientHistory {
        var random = SimulationRandom(seed: parameters.seed, domain: .patient, index: UInt64(patientID))
        var history = PatientHistory()
        let analysis = parameters.lastDate
        let band = ReferenceCatalogue.ageBands[random.weighted(ReferenceCatalogue.ageBands.map(\.share))]
        let age = random.int(band.ages)
        let dateOfBirth = analysis.adding(days: -365 * age + random.int(-183...183))
        let sex = ["F", "M", "Other/Unknown"][random.weighted([0.51, 0.48, 0.01])]
        let ethnicityIndex = random.weighted(ethnicityWeights)
        let ethnicity = ethnicityIndex < ReferenceCatalogue.ethnicities.count ? ReferenceCatalogue.ethnicities[ethnicityIndex] : nil
        let bias = ethnicity?.deprivationBias ?? 0
        let area = ReferenceCatalogue.areas[random.weighted(bias > 0 ? areaWeightsBiased[bias]! : areaWeightsPlain)]
        let f = Double(11 - area.imdDecile) / 10
        var ageTerm = 0.0
        if age >= 45 { ageTerm += 0.3 }
        if age >= 65 { ageTerm += 0.5 }
        if age >= 80 { ageTerm += 0.4 }
        let chronic = random.poisson(0.2 + 1.8 * f + ageTerm)
        let latestRegistration = analysis.adding(days: -30)
        var earliestRegistration = age <= 15 ? dateOfBirth : dateOfBirth.adding(days: 16 * 365 + 4)
        if earliestRegistration > latestRegistration { earliestRegistration = latestRegistration.adding(days: -365) }
        let registrationStart = BusinessDate(daysSinceEpoch: random.int(earliestRegistration.daysSinceEpoch...latestRegistration.daysSinceEpoch))
        let isActive = random.chance(0.9)
        let registrationEnd: BusinessDate? = isActive ? nil : BusinessDate(daysSinceEpoch: random.int((registrationStart.daysSinceEpoch + 1)...(analysis.daysSinceEpoch - 1)))
        let practice = ReferenceCatalogue.practices[random.int(0...(ReferenceCatalogue.practices.count - 1))]
        let sourceDecile: Int?
        switch random.unit() {
        case ..<0.04: sourceDecile = nil
        case ..<0.12: sourceDecile = (area.imdDecile - 1 + random.int(1...9)) % 10 + 1
        default: sourceDecile = area.imdDecile
        }
        // The NHS number comes from its own stream so redraws on collision leave the patient's other draws alone.
        var numberRandom = SimulationRandom(seed: parameters.seed, domain: .nhsNumber, index: UInt64(patientID))
        var number = NHSNumber.drawValid(&numberRandom)
        while !issuedNumbers.insert(number).inserted { number = NHSNumber.drawValid(&numberRandom) }
        let recording = NHSNumber.Recording.allCases[numberRandom.weighted([0.93, 0.01, 0.01, 0.0125, 0.0125, 0.0125, 0.0125])]
        let recorded = NHSNumber.record(number, as: recording, random: &numberRandom)
        history.nhsRecording = recording
        history.trueDecile = area.imdDecile
        history.ethnicity = ethnicity?.label

        var patient = SourceRow.Patient(
            patientID: patientID, nhsNumber: recorded, dateOfBirth: dateOfBirth, age: age, ageBand: band.label, sex: sex,
            ethnicity: ethnicity?.label, imdDecile: sourceDecile, chronicConditions: chronic, lsoaCode: area.lsoaCode,
            postcodeSector: area.postcodeSector, practiceCode: practice.code, registrationStart: registrationStart,
            registrationEnd: nil, isActive: true, updatedAt: officeTime(registrationStart, &random))
        // A move to another area during history (3%): the source keeps the stale decile.
        let moveDay = random.chance(0.03) ? random.int(startDay...lastDay) : nil
        var events: [(day: Int, kind: Int)] = []
        if let moveDay, moveDay > registrationStart.daysSinceEpoch, moveDay < (registrationEnd?.daysSinceEpoch ?? Int.max) {
            events.append((moveDay, 0))
        }
        if let registrationEnd { events.append((registrationEnd.daysSinceEpoch, 1)) }
        let newArea = ReferenceCatalogue.areas[random.int(0...(ReferenceCatalogue.areas.count - 1))]
        history.patients.append(patient)
        for event in events.sorted(by: { $0.day < $1.day }) where event.day <= lastDay {
            let day = BusinessDate(daysSinceEpoch: event.day)
            if event.kind == 0 {
                patient.lsoaCode = newArea.lsoaCode
                patient.postcodeSector = newArea.postcodeSector
            } else {
                patient.registrationEnd = day
                patient.isActive = false
            }
            patient.updatedAt = max(officeTime(day, &random), patient.updatedAt.adding(minutes: 1))
            if patient.updatedAt.date == history.patients[history.patients.count - 1].updatedAt.date {
                history.patients[history.patients.count - 1] = patient
            } else {
                history.patients.append(patient)
            }
        }

        let context = PatientContext(
            patientID: patientID, recordedNumber: recorded, practiceCode: practice.code,
            practiceIndex: Int(practice.code.suffix(3))! - 1, sourceDecile: sourceDecile, f: f, age: age,
            band: band.label, chronic: chronic, ethnicity: ethnicity, registrationStart: registrationStart)
        let observationStart = max(registrationStart.daysSinceEpoch, startDay)
        let observationEnd = registrationEnd.map { min($0.daysSinceEpoch, lastDay) } ?? (lastDay + TrustGenerator.futureDays)
        if observationEnd >= observationStart {
            generateActivity(context, from: observationStart, through: observationEnd, random: &random, into: &history)
        }
        return history
    }

    // MARK: - Activity

    private struct PatientContext {
        var patientID: Int
        var recordedNumber: String?
        var practiceCode: String
        var practiceIndex: Int
        var sourceDecile: Int?
        var f: Double
        var age: Int
        var band: String
        var chronic: Int
        var ethnicity: ReferenceCatalogue.Ethnicity?
        var registrationStart: BusinessDate

        var isYoung: Bool { band == "0-15" || band == "16-24" }
    }

    private struct PlannedEncounter {
        var type: String
        var start: WallClockTime
        var end: WallClockTime
        var providerID: Int
        var clinicianID: Int
        var priority: String
        var wasAttended: Bool
        var firstAttendance: Bool
        var condition: String
        var waitDays: Int
        var updatedAt: WallClockTime
        var correctionAt: WallClockTime?
        var urgentCare: PlannedUrgentCare?
    }

    private struct PlannedUrgentCare {
        var triage: WallClockTime?
        var seen: WallClockTime?
        var departure: WallClockTime?
        var category: String?
        var complaint: String
        var outcome: String
    }

    private static let encounterTypes = ["GP", "OP", "ED", "IP", "COMMUNITY", "DIAGNOSTIC"]

    private mutating func generateActivity(_ patient: PatientContext, from firstDay: Int, through lastGeneratedDay: Int, random: inout SimulationRandom, into history: inout PatientHistory) {
        let f = patient.f
        let base = ["0-15": 2.0, "16-24": 1.5, "25-44": 2.0, "45-64": 2.5, "65-79": 4.0, "80+": 6.0][patient.band] ?? 2.0
        let rate = max(0.5, (base + 0.8 * Double(patient.chronic)) * (0.85 + 0.55 * f))
        let days = lastGeneratedDay - firstDay + 1
        let count = min(random.poisson(rate * Double(days) / 365), 40 * days / 365 + 2)
        var weights = [0.45 - 0.07 * f, 0.20 - 0.05 * f, 0.10 + 0.12 * f, 0.05 + 0.03 * f, 0.10 - 0.01 * f, 0.10 - 0.02 * f]
        if patient.chronic >= 2 {
            weights[1] += 0.05
            weights[5] += 0.05
            weights[0] -= 0.05
        }
        if patient.isYoung {
            weights[3] -= 0.02
            weights[2] += 0.02
        }
        var dnaRate = 0.04 + 0.14 * f + (patient.ethnicity?.extraDNA ?? 0)
        if patient.band == "16-24" || patient.band == "25-44" { dnaRate += 0.05 }
        if patient.band == "65-79" || patient.band == "80+" { dnaRate -= 0.02 }
        dnaRate = min(0.35, max(0.01, dnaRate))

        var planned: [PlannedEncounter] = []
        planned.reserveCapacity(count)
        for _ in 0..<count {
            let type = TrustGenerator.encounterTypes[random.weighted(weights)]
            var day = random.int(firstDay...lastGeneratedDay)
            let weekday = BusinessDate(daysSinceEpoch: day).isoWeekday
            if type == "ED", weekday <= 5, random.chance(0.3) {
                let shifted = day + (6 - weekday) + random.int(0...1)
                if shifted <= lastGeneratedDay { day = shifted }
            } else if type == "GP" || type == "OP" || type == "COMMUNITY", weekday >= 6 {
                let shifted = weekday == 6 ? day - 1 : day + 1
                if shifted >= firstDay, shifted <= lastGeneratedDay { day = shifted }
            }
            let date = BusinessDate(daysSinceEpoch: day)
            let kind: TrustProvider.Kind
            switch type {
            case "GP": kind = .gpPractice
            case "OP", "IP": kind = .acuteHospital
            case "ED": kind = .urgentCare
            case "COMMUNITY": kind = .communityClinic
            default: kind = .diagnosticCentre
            }
            let candidates = providers.ids(kind)
            let providerID: Int
            if kind == .gpPractice, random.chance(0.85) {
                providerID = candidates[patient.practiceIndex % candidates.count]
            } else {
                providerID = random.pick(candidates)
            }
            let clinicianID = random.int(clinicianRanges[providerID - 1])
            let priority: String
            switch type {
            case "ED", "IP": priority = "EMERGENCY"
            case "GP", "COMMUNITY": priority = random.chance(0.8) ? "ROUTINE" : "URGENT"
            default: priority = random.chance(0.7) ? "ROUTINE" : "URGENT"
            }
            var waitDays: Int
            if type == "ED" || type == "IP" {
                waitDays = random.int(0...1)
            } else {
                waitDays = random.int(Int(18 + 60 * f)...Int(35 + 80 * f))
                if let extra = patient.ethnicity?.extraWait, extra.upperBound > 0 { waitDays += random.int(extra) }
                let progress = Double(min(max(day - startDay, 0), lastDay - startDay)) / Double(max(1, lastDay - startDay))
                waitDays = Int(Double(waitDays) * (1 + 0.40 * progress))
            }
            if type == "GP" { waitDays = min(waitDays, random.int(0...21)) }
            let attended = type == "ED" || type == "IP" ? true : !random.chance(dnaRate)
            let firstAttendance = random.chance(0.3)
            let condition = random.pick(ReferenceCatalogue.conditionCodes)
            var start: WallClockTime
            var end: WallClockTime
            var urgentCare: PlannedUrgentCare?
            switch type {
            case "GP":
                start = WallClockTime(date: date, hour: random.int(8...17), minute: random.int(0...5) * 10)
                end = start.adding(minutes: random.int(10...15))
            case "OP":
                start = WallClockTime(date: date, hour: random.int(9...16), minute: random.int(0...3) * 15)
                end = start.adding(minutes: random.int(20...40))
            case "COMMUNITY":
                start = WallClockTime(date: date, hour: random.int(9...16), minute: random.int(0...3) * 15)
                end = start.adding(minutes: random.int(30...60))
            case "DIAGNOSTIC":
                start = WallClockTime(date: date, hour: random.int(8...19), minute: random.int(0...11) * 5)
                end = start.adding(minutes: random.int(15...45))
            case "IP":
                start = WallClockTime(date: date, hour: random.weighted(ReferenceCatalogue.arrivalHourWeights), minute: random.int(0...59))
                let stay = random.chance(0.4) ? random.int(4...10) * 60 : random.int(1...3) * 1440 + random.int(0...(11 * 1440)) / max(1, random.int(1...4))
                end = start.adding(minutes: stay)
            default:
                let plannedCare = planUrgentCare(patient, date: date, providerID: providerID, random: &random)
                start = plannedCare.arrival
                end = plannedCare.end
                urgentCare = plannedCare.care
            }
            let updatedAt = end.adding(minutes: random.int(5...240))
            var correctionAt: WallClockTime?
            if (type == "GP" || type == "OP") && random.chance(0.025) || type == "COMMUNITY" && random.chance(0.01) {
                correctionAt = WallClockTime(date: updatedAt.date.adding(days: random.int(1...10)), hour: random.int(8...17), minute: random.int(0...59))
            }
            planned.append(
                PlannedEncounter(
                    type: type, start: start, end: end, providerID: providerID, clinicianID: clinicianID, priority: priority,
                    wasAttended: attended, firstAttendance: firstAttendance, condition: condition, waitDays: waitDays,
                    updatedAt: updatedAt, correctionAt: correctionAt, urgentCare: urgentCare))
        }
        planned.sort { $0.start < $1.start }

        for encounter in planned {
            emit(encounter, patient: patient, random: &random, into: &history)
        }
    }

    private func planUrgentCare(_ patient: PatientContext, date: BusinessDate, providerID: Int, random: inout SimulationRandom) -> (arrival: WallClockTime, end: WallClockTime, care: PlannedUrgentCare) {
        let f = patient.f
        let (_, month, _) = date.components
        let winter = month >= 11 || month <= 2
        let weekend = date.isoWeekday >= 6
        var weights = ReferenceCatalogue.arrivalHourWeights
        for hour in 0..<24 {
            if (18...23).contains(hour) { weights[hour] *= 1 + 0.8 * f }
            if (0...5).contains(hour) { weights[hour] *= 1 + 1.5 * f }
            if (9...15).contains(hour) { weights[hour] *= 1 - 0.35 * f }
            if weekend {
                weights[hour] *= 1.3
                if (9...13).contains(hour) { weights[hour] *= 0.7 }
                if (18...23).contains(hour) { weights[hour] *= 1.5 }
                if (0...5).contains(hour) { weights[hour] *= 1.4 }
            }
            if winter {
                if (17...23).contains(hour) { weights[hour] *= 1.4 }
                if (0...5).contains(hour) { weights[hour] *= 1.3 }
            }
        }
        let arrival = WallClockTime(date: date, hour: random.weighted(weights), minute: random.int(0...59), second: random.int(0...59))
        let speed = providers.provider(id: providerID).speed
        let mean = (155 + 60 * f + (winter ? 30 + 20 * f : 0)) * speed
        var stay = max(30, Int(random.normal(mean: mean, deviation: 55 + 10 * f)))
        let tail = random.unit()
        if f > 0.6, winter, tail < 0.02 {
            stay = max(stay, random.int(720...959))
        } else if f > 0.6, tail < 0.005 {
            stay = max(stay, random.int(720...839))
        }
        let departure = arrival.adding(minutes: stay)
        var triage = arrival.adding(minutes: random.int(0...Int((15 + 30 * f) * speed)))
        let seenLow = Int((10 + 40 * f) * speed)
        let seenHigh = max(seenLow, min(Int((60 + 120 * f) * speed), max(seenLow + 1, stay - 10)))
        var seen = max(triage, arrival.adding(minutes: random.int(seenLow...seenHigh)))
        if seen > departure { seen = departure }
        if triage > seen { triage = seen }
        let category = random.weighted([0.2, 0.4, 0.25, 0.1, 0.05]) + 1
        let leftBefore = 0.08 * f
        let outcome: String
        if category <= 2 {
            outcome = ["ADMITTED", "DISCHARGED", "REFERRED", "LEFT_BEFORE_SEEN"][random.weighted([0.55, 0.25, 0.15 - leftBefore / 2, 0.05 + leftBefore / 2])]
        } else {
            outcome = ["ADMITTED", "DISCHARGED", "REFERRED", "LEFT_BEFORE_SEEN"][random.weighted([0.20, 0.65 - leftBefore, 0.10, 0.05 + leftBefore])]
        }
        // Triage coding as the source system mixes it (REFERENCE §1.10): "Cat 3", "CAT3" or "3"; 2% missing.
        let coding = random.unit()
        let categoryText: String? = coding < 0.02 ? nil : coding < 0.12 ? "CAT\(category)" : coding < 0.27 ? "\(category)" : "Cat \(category)"
        let missingDeparture = random.chance(0.01)
        let care = PlannedUrgentCare(
            triage: categoryText == nil ? nil : triage, seen: outcome == "LEFT_BEFORE_SEEN" ? nil : seen,
            departure: missingDeparture ? nil : departure, category: categoryText,
            complaint: random.pick(ReferenceCatalogue.presentingComplaints), outcome: outcome)
        return (arrival, departure, care)
    }

    private mutating func emit(_ planned: PlannedEncounter, patient: PatientContext, random: inout SimulationRandom, into history: inout PatientHistory) {
        let emitted = planned.updatedAt.date.daysSinceEpoch <= lastDay
        var encounterID: Int?
        if emitted {
            let id = nextEncounterID
            nextEncounterID += 1
            encounterID = id
            let sourceSystem = ["GP": "APPOINTMENT", "OP": "APPOINTMENT", "ED": "URGENT_CARE", "IP": "EHR", "COMMUNITY": "COMMUNITY", "DIAGNOSTIC": "DIAGNOSTIC"][planned.type]!
            var row = SourceRow.Encounter(
                encounterID: id, patientID: patient.patientID, providerID: planned.providerID, start: planned.start,
                end: planned.end, type: planned.type, sourceSystem: sourceSystem, clinicianID: planned.clinicianID,
                priority: planned.priority, wasAttended: planned.wasAttended, firstAttendance: planned.firstAttendance,
                conditionCode: planned.condition, waitDays: planned.waitDays, createdAt: planned.updatedAt,
                updatedAt: planned.updatedAt)
            history.encounters.append(row)
            let correction = planned.correctionAt.flatMap { $0.date.daysSinceEpoch <= lastDay ? $0 : nil }
            if let correction {
                row.wasAttended.toggle()
                row.updatedAt = correction
                history.encounters.append(row)
            }
            if planned.type == "GP" || planned.type == "OP" {
                appendAppointments(planned, id: id, correction: correction, patient: patient, random: &random, into: &history)
            }
            if let care = planned.urgentCare {
                let logID = nextLogID
                nextLogID += 1
                history.urgentCareLogs.append(
                    SourceRow.UrgentCareLog(
                        logID: logID, patientID: patient.patientID, providerID: planned.providerID, encounterID: id,
                        arrival: planned.start, triage: care.triage, seen: care.seen, departure: care.departure,
                        triageCategory: care.category, presentingComplaint: care.complaint, outcome: care.outcome,
                        createdAt: planned.updatedAt, updatedAt: planned.updatedAt))
            }
            appendDiagnoses(planned, encounterID: id, patient: patient, random: &random, into: &history)
        }
        // Referrals whose treatment is this encounter (emitted or still in the future).
        let referralChance = (["OP": 1.0, "COMMUNITY": 0.5, "DIAGNOSTIC": 0.4, "IP": 0.3] as [String: Double])[planned.type] ?? 0.0
        if referralChance > 0, random.chance(referralChance) {
            appendReferral(planned, encounterEmitted: emitted, patient: patient, random: &random, into: &history)
        }
        if let encounterID, random.chance(0.4) {
            let tests = random.chance(0.7) ? 1 : 2
            for _ in 0..<tests {
                let request = planned.start.date.adding(days: random.int(-1...1))
                let performed = request.adding(days: random.int(0...2))
                let result = performed.adding(days: random.int(0...4))
                appendDiagnosticOrder(
                    patient: patient, referralID: nil, encounterID: encounterID, providerID: planned.providerID,
                    request: request, performed: performed, result: result, specialty: nil, random: &random, into: &history)
            }
        }
    }

    private mutating func appendAppointments(_ planned: PlannedEncounter, id: Int, correction: WallClockTime?, patient: PatientContext, random: inout SimulationRandom, into history: inout PatientHistory) {
        let mode = ["F2F", "TELEPHONE", "VIDEO"][random.weighted([0.7, 0.25, 0.05])]
        let slot = random.chance(0.85) ? "ROUTINE" : "URGENT"
        let status = planned.wasAttended ? "ATTENDED" : ["DNA", "CANCELLED", "BOOKED"][random.weighted([0.8, 0.12, 0.08])]
        let created = WallClockTime(date: planned.start.date.adding(days: -planned.waitDays), hour: random.int(8...17), minute: random.int(0...59))
        var row = SourceRow.Appointment(
            appointmentID: id, patientID: patient.patientID, nhsNumber: patient.recordedNumber,
            practiceCode: patient.practiceCode, serviceLocationID: planned.providerID, clinicianID: planned.clinicianID,
            start: planned.start, end: planned.end, type: planned.type, mode: mode, slotType: slot, bookingStatus: status,
            bookingCreated: min(created, planned.start), bookingUpdated: planned.updatedAt, waitDays: planned.waitDays,
            imdDecile: patient.sourceDecile)
        history.appointments.append(row)
        if let correction {
            row.bookingStatus = planned.wasAttended ? "DNA" : "ATTENDED"
            row.bookingUpdated = correction
            history.appointments.append(row)
        }
    }

    private mutating func appendDiagnoses(_ planned: PlannedEncounter, encounterID: Int, patient: PatientContext, random: inout SimulationRandom, into history: inout PatientHistory) {
        let count = random.weighted([0.30, 0.45, 0.20, 0.05])
        for index in 0..<count {
            let lag = random.int(0...7)
            // Coding never precedes the encounter's own record (the diagnosis references it).
            let drawn = lag == 0 ? planned.end.adding(minutes: random.int(10...300)) : WallClockTime(date: planned.start.date.adding(days: lag), hour: random.int(8...18), minute: random.int(0...59))
            let coded = max(drawn, planned.updatedAt.adding(minutes: random.int(1...60)))
            let code = random.pick(ReferenceCatalogue.diagnosisCodes)
            guard coded.date.daysSinceEpoch <= lastDay else { continue }
            let id = nextDiagnosisID
            nextDiagnosisID += 1
            history.diagnoses.append(
                SourceRow.Diagnosis(
                    diagnosisID: id, patientID: patient.patientID, encounterID: encounterID, code: code.code,
                    description: code.description, type: index == 0 ? "PRIMARY" : "SECONDARY", codedAt: coded,
                    clinicalAt: planned.start, createdAt: coded, updatedAt: coded))
        }
    }

    private mutating func appendReferral(_ planned: PlannedEncounter, encounterEmitted: Bool, patient: PatientContext, random: inout SimulationRandom, into history: inout PatientHistory) {
        let referralDay = max(planned.start.date.adding(days: -(planned.waitDays + random.int(0...7))), patient.registrationStart)
        let referredAt = officeTime(referralDay, &random)
        let gpProviders = providers.ids(.gpPractice)
        let source = gpProviders[patient.practiceIndex % gpProviders.count]
        let type = random.chance(0.8) ? "ROUTINE" : "URGENT"
        let specialty = random.pick(ReferenceCatalogue.referralSpecialties)
        let testCount = random.weighted([0.1, 0.4, 0.35, 0.15])
        guard referralDay.daysSinceEpoch <= lastDay else { return }
        let id = nextReferralID
        nextReferralID += 1
        var row = SourceRow.Referral(
            referralID: id, patientID: patient.patientID, sourceProviderID: source, targetProviderID: planned.providerID,
            referredAt: referredAt, type: type, specialty: specialty, status: "OPEN", createdAt: referredAt,
            updatedAt: referredAt)
        if encounterEmitted, planned.wasAttended {
            let closedAt = max(planned.updatedAt, referredAt.adding(minutes: 1))
            row.status = "CLOSED"
            if closedAt.date == referredAt.date {
                row.updatedAt = closedAt
                history.referrals.append(row)
            } else {
                var open = row
                open.status = "OPEN"
                history.referrals.append(open)
                row.updatedAt = closedAt
                history.referrals.append(row)
            }
        } else {
            history.referrals.append(row)
        }
        // Diagnostic tests requested for the referral: the DM01 wait carries the inequality gradient.
        for _ in 0..<testCount {
            let request = referralDay.adding(days: random.int(0...29))
            var breachChance = 0.06 + 0.14 * patient.f
            if let ethnicity = patient.ethnicity, ethnicity.extraDNA > 0 { breachChance += ethnicity.extraDNA / 2.5 }
            let wait: Int
            let draw = random.unit()
            if draw < breachChance {
                wait = random.int(43...100)
            } else if draw < breachChance + 0.12 {
                wait = random.int(29...42)
            } else {
                wait = random.int(0...28)
            }
            let performed = request.adding(days: wait)
            let result = performed.adding(days: random.int(0...6))
            appendDiagnosticOrder(
                patient: patient, referralID: id, encounterID: nil, providerID: planned.providerID, request: request,
                performed: performed, result: result, specialty: specialty, random: &random, into: &history)
        }
    }

    private mutating func appendDiagnosticOrder(patient: PatientContext, referralID: Int?, encounterID: Int?, providerID: Int, request: BusinessDate, performed: BusinessDate, result: BusinessDate, specialty: String?, random: inout SimulationRandom, into history: inout PatientHistory) {
        let test = random.pick(ReferenceCatalogue.testPanels)
        let panel = random.pick(test.panels)
        var normal = 0.8
        if patient.chronic >= 2 { normal -= 0.15 }
        if specialty == "Cardiology" || specialty == "Respiratory" { normal -= 0.1 }
        normal = max(0.4, normal)
        let draw = random.unit()
        let flag = draw < normal ? "normal" : draw < normal + 0.15 ? "abnormal" : draw < normal + 0.18 ? "critical" : "inconclusive"
        guard request.daysSinceEpoch <= lastDay else { return }
        let id = nextDiagnosticID
        nextDiagnosticID += 1
        var versionDates = [request]
        if result.daysSinceEpoch <= lastDay {
            if result != request { versionDates.append(result) }
        } else if performed.daysSinceEpoch <= lastDay, performed != request {
            versionDates.append(performed)
        }
        for exportDate in versionDates {
            history.diagnosticOrders.append(
                SourceRow.DiagnosticOrder(
                    diagnosticID: id, patientID: patient.patientID, referralID: referralID, encounterID: encounterID,
                    providerID: providerID, testType: test.type, testPanel: panel, requestDate: request,
                    performedDate: performed <= exportDate ? performed : nil, resultDate: result <= exportDate ? result : nil,
                    resultFlag: result <= exportDate ? flag : nil, exportDate: exportDate))
        }
    }

    private func officeTime(_ date: BusinessDate, _ random: inout SimulationRandom) -> WallClockTime {
        WallClockTime(date: date, hour: random.int(8...17), minute: random.int(0...59), second: random.int(0...59))
    }
}
