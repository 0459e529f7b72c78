import Foundation
import PipelineContracts
import PipelineTesting
import Testing
import TrustSimulator

@Suite struct TrustGeneratorTests {
    private func parameters(seed: UInt64 = 42, patients: Int = 300, months: Int = 2, holdBack: Int = 5) throws -> SimulationParameters {
        try SimulationParameters(seed: seed, patients: patients, months: months, holdBackDays: holdBack)
    }

    /// Every file under `root`, relative path → bytes.
    private func contents(of root: String) throws -> [String: Data] {
        var result: [String: Data] = [:]
        let walker = FileManager.default.enumerator(atPath: root)!
        while let relative = walker.nextObject() as? String {
            var isDirectory: ObjCBool = false
            _ = FileManager.default.fileExists(atPath: root + "/" + relative, isDirectory: &isDirectory)
            if !isDirectory.boolValue { result[relative] = FileManager.default.contents(atPath: root + "/" + relative) }
        }
        return result
    }

    private func generateAll(_ parameters: SimulationParameters, into folder: String) throws -> TrustSimulation.Generation {
        let generation = try TrustSimulation.generate(parameters: parameters, directory: folder, slices: ReleaseSlice.all(parameters))
        try TrustSimulation.writeReference(parameters: parameters, directory: folder)
        return generation
    }

    @Test func sameSeedGivesIdenticalBytesAndAnotherSeedDiffers() throws {
        let first = try TemporaryDirectory(prefix: "trust-sim-a")
        let second = try TemporaryDirectory(prefix: "trust-sim-b")
        let third = try TemporaryDirectory(prefix: "trust-sim-c")
        defer { first.remove(); second.remove(); third.remove() }
        _ = try generateAll(try parameters(), into: first.path)
        _ = try generateAll(try parameters(), into: second.path)
        _ = try generateAll(try parameters(seed: 43), into: third.path)
        let a = try contents(of: first.path)
        let b = try contents(of: second.path)
        let c = try contents(of: third.path)
        // initial load + 5 days, 7 files each, plus 3 reference files
        #expect(a.count == 6 * 7 + 3)
        #expect(a == b)
        let patients = "2025-02-23/postgres/patient_demographics.copy"
        #expect(a[patients] != nil)
        #expect(a[patients] != c[patients])
        #expect(a.filter { c[$0.key] != $0.value }.count > 20)
        // Provider workbook (manager names included) is seeded too.
        let workbook = "reference/export_date=20250223/sites_and_services_master.xlsx"
        #expect(a[workbook] == b[workbook])
        #expect(a[workbook] != c[workbook])
    }

    @Test func generatedRecordsAreReferentiallyIntactAndPublishableInReleaseOrder() throws {
        let parameters = try parameters(patients: 800, months: 4)
        var generator = TrustGenerator(parameters: parameters)
        let providerIDs = Set(generator.providers.providers.map(\.id))
        let urgentCare = Set(generator.providers.ids(.urgentCare))
        var encounters: [Int: SourceRow.Encounter] = [:]
        var referrals = Set<Int>()
        var checked = (diagnoses: 0, logs: 0, appointments: 0, orders: 0)
        var previousEncounterID = 0
        while let history = generator.next() {
            let patientDay = try #require(history.patients.first).updatedAt.date
            for encounter in history.encounters {
                #expect(encounter.patientID == history.patients[0].patientID)
                #expect(providerIDs.contains(encounter.providerID))
                #expect(encounter.updatedAt.date >= patientDay, "an encounter must never be released before its patient")
                #expect(encounter.encounterID >= previousEncounterID)
                previousEncounterID = encounter.encounterID
                if encounters[encounter.encounterID] == nil { encounters[encounter.encounterID] = encounter }
            }
            for referral in history.referrals {
                #expect(providerIDs.contains(referral.sourceProviderID) && providerIDs.contains(referral.targetProviderID))
                #expect(referral.updatedAt.date >= patientDay)
                referrals.insert(referral.referralID)
            }
            for diagnosis in history.diagnoses {
                let encounter = try #require(encounters[diagnosis.encounterID])
                #expect(encounter.patientID == diagnosis.patientID)
                #expect(diagnosis.updatedAt >= encounter.updatedAt, "a diagnosis must never be released before its encounter")
                checked.diagnoses += 1
            }
            for log in history.urgentCareLogs {
                let encounter = try #require(encounters[log.encounterID])
                #expect(encounter.type == "ED" && urgentCare.contains(log.providerID) && encounter.providerID == log.providerID)
                checked.logs += 1
            }
            for appointment in history.appointments {
                let encounter = try #require(encounters[appointment.appointmentID])
                #expect(["GP", "OP"].contains(encounter.type) && appointment.type == encounter.type)
                checked.appointments += 1
            }
            for order in history.diagnosticOrders {
                #expect((order.referralID == nil) != (order.encounterID == nil))
                if let referralID = order.referralID { #expect(referrals.contains(referralID)) }
                if let encounterID = order.encounterID { #expect(encounters[encounterID] != nil) }
                checked.orders += 1
            }
        }
        #expect(checked.diagnoses > 500 && checked.logs > 50 && checked.appointments > 300 && checked.orders > 500)
    }

    @Test func timestampsAreOrderedRealAndInsideHistory() throws {
        let parameters = try parameters(patients: 1_500, months: 12)
        var generator = TrustGenerator(parameters: parameters)
        var nonMidnight = 0
        var encounterCount = 0
        var nullDepartures = 0
        var nullTriage = 0
        var logs = 0
        var hours = Set<Int>()
        func real(_ time: WallClockTime) {
            #expect(!(time.hour == 1 && WallClockTime.isSpringForward(time.date)), "no time in the spring-forward gap")
            #expect(time.date <= parameters.lastDate)
        }
        while let history = generator.next() {
            for patient in history.patients {
                if let end = patient.registrationEnd { #expect(end >= patient.registrationStart && !patient.isActive) }
            }
            for encounter in history.encounters {
                #expect(encounter.end >= encounter.start)
                #expect(encounter.updatedAt >= encounter.end)
                real(encounter.start)
                real(encounter.updatedAt)
                encounterCount += 1
                if encounter.start.secondOfDay != 0 { nonMidnight += 1 }
                hours.insert(encounter.start.hour)
            }
            for log in history.urgentCareLogs {
                logs += 1
                let departure = log.departure
                if departure == nil { nullDepartures += 1 }
                if log.triage == nil { nullTriage += 1 }
                if let triage = log.triage { #expect(triage >= log.arrival) }
                if let seen = log.seen { #expect(seen >= (log.triage ?? log.arrival)) }
                if let departure, let last = log.seen ?? log.triage { #expect(departure >= last) }
                if let departure { #expect(departure >= log.arrival) }
                real(log.arrival)
            }
            for referral in history.referrals { #expect(referral.updatedAt >= referral.createdAt) }
            for order in history.diagnosticOrders {
                if let performed = order.performedDate { #expect(performed >= order.requestDate && performed <= order.exportDate) }
                if let result = order.resultDate { #expect(result >= order.performedDate! && result <= order.exportDate) }
                #expect(order.exportDate <= parameters.lastDate)
            }
            for appointment in history.appointments {
                #expect(appointment.bookingCreated <= appointment.start && appointment.bookingUpdated >= appointment.end)
            }
        }
        #expect(nonMidnight > encounterCount * 9 / 10)
        #expect(hours.count == 24)
        #expect(nullDepartures > 0 && nullTriage > 0)
        #expect(nullDepartures < logs / 10)
    }

    @Test func plantedDefectsMatchTheirDesignedSharesAndTheTruthFile() throws {
        let folder = try TemporaryDirectory(prefix: "trust-sim-defects")
        defer { folder.remove() }
        let parameters = try parameters(patients: 4_000, months: 12, holdBack: 3)
        let generation = try generateAll(parameters, into: folder.path)
        let truth = generation.truth

        // NHS numbers: ~5% invalid, every rejection reason present; the truth matches the published rows.
        let rejections = truth.nhsNumberRejections.values.reduce(0, +)
        #expect((150...260).contains(rejections))
        #expect(Set(truth.nhsNumberRejections.keys) == Set(NHSNumber.Rejection.allCases.map(\.rawValue)))
        let patients = try String(contentsOfFile: folder.path + "/\(parameters.cutoffDate)/postgres/patient_demographics.copy", encoding: .utf8)
        var published: [String: Int] = [:]
        for line in patients.split(separator: "\n") {
            let number = String(line.split(separator: "\t", omittingEmptySubsequences: false)[1])
            if let rejection = NHSNumber.validate(number == "\\N" ? nil : number) { published[rejection.rawValue, default: 0] += 1 }
        }
        #expect(published == truth.nhsNumberRejections)
        #expect(patients.contains("\t0") , "NHS numbers with a leading zero stay text")
        #expect((480...720).contains(truth.ethnicityNotStated))
        #expect(truth.sourceImdDecileUnreliable > 200)

        // Malformed CSV rows: ~0.5% of each file, and exactly the rows a strict reader rejects.
        for summary in truth.releases where summary.initialLoad {
            let appointments = try String(contentsOfFile: folder.path + "/\(summary.businessDate)/sftp/\(SourceFileNames.appointments(summary.businessDate))", encoding: .utf8)
            let orders = try String(contentsOfFile: folder.path + "/\(summary.businessDate)/s3/\(SourceFileNames.diagnosticsKey(summary.businessDate))", encoding: .utf8)
            for (text, columns, dateColumn, key) in [
                (appointments, 16, 6, "sftp/\(SourceFileNames.appointments(summary.businessDate))"),
                (orders, 11, 7, "trust_s3/\(SourceFileNames.diagnosticsKey(summary.businessDate))"),
            ] {
                let defects = try #require(summary.files[key])
                let rows = text.split(separator: "\n").dropFirst()
                #expect(rows.count == defects.dataRows)
                var rejected = 0
                for row in rows {
                    let fields = row.split(separator: ",", omittingEmptySubsequences: false)
                    let dateText = fields.count > dateColumn ? String(fields[dateColumn].prefix(10)) : ""
                    if fields.count != columns || Int(fields[0]) == nil || (try? BusinessDate(iso: dateText)) == nil { rejected += 1 }
                }
                let planted = defects.malformed.values.reduce(0, +)
                #expect(rejected == planted)
                let share = Double(planted) / Double(defects.dataRows)
                #expect(share > 0.002 && share < 0.009, "\(key): \(share)")
                #expect(defects.malformed.count == 3 && defects.duplicates > 0)
            }
        }

        // Gradients: the most deprived decile waits and DNAs more than the least; DM01 breaches in 5–15%.
        let dm01 = try #require(truth.diagnosticsDm01Breach.overall.rate)
        #expect(dm01 > 0.05 && dm01 < 0.15)
        let breachMost = try #require(truth.diagnosticsDm01Breach.byImdDecile["1"]?.rate)
        let breachLeast = try #require(truth.diagnosticsDm01Breach.byImdDecile["10"]?.rate)
        #expect(breachMost > breachLeast)
        let dnaMost = try #require(truth.appointmentDna.byImdDecile["1"]?.rate)
        let dnaLeast = try #require(truth.appointmentDna.byImdDecile["10"]?.rate)
        #expect(dnaMost > dnaLeast)
        #expect(truth.lateUpdates["ehr.encounters", default: 0] > 0 && truth.lateUpdates["sftp.appointments", default: 0] > 0)
        // Held-back days hold only rows updated on that day.
        for summary in truth.releases where !summary.initialLoad {
            let encounters = try String(contentsOfFile: folder.path + "/\(summary.businessDate)/postgres/encounters.copy", encoding: .utf8)
            for line in encounters.split(separator: "\n") {
                #expect(line.split(separator: "\t").last!.hasPrefix(summary.businessDate.description))
            }
        }
    }
}
