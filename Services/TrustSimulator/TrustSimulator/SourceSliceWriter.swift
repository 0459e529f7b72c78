import Foundation
import PipelineContracts

/// Writes release slices to a local folder, one patient history at a time, in the exact bytes that are
/// published: `COPY` text per table, the SFTP appointment file and the diagnostics export.
///
/// Layout under `directory`: `<YYYY-MM-DD>/postgres/<table>.copy`, `<YYYY-MM-DD>/sftp/YYYYMMDD_appointments.csv`,
/// `<YYYY-MM-DD>/s3/diagnostics/export_date=YYYYMMDD/YYYYMMDD_diagnostic_orders.csv`. Table slices hold one
/// version per key (the latest on or before the cut-off for the initial load; the version of that day for a
/// day); file slices hold every version of their dates, plus the planted defects.
package final class SourceSliceWriter {
    /// What one slice holds once written.
    package struct SliceSummary: Sendable, Codable, Hashable {
        package var businessDate: BusinessDate
        package var initialLoad: Bool
        /// Rows per table (`ehr.encounters`, …) and per file (`sftp.appointments`, `trust_s3.diagnostics_orders`,
        /// data lines including planted defects and duplicates).
        package var rows: [String: Int]
        package var files: [String: FileDefects]
    }

    /// Planted defects of one CSV file.
    package struct FileDefects: Sendable, Codable, Hashable {
        package var dataRows = 0
        package var malformed: [String: Int] = [:]
        package var duplicates = 0
    }

    /// The kinds of malformed CSV rows planted in the files (~0.5% of rows).
    package enum Malformation: String, CaseIterable, Sendable {
        case nonNumericID = "non_numeric_id"
        case badDate = "bad_date"
        case raggedRow = "ragged_row"
    }

    package static let malformedShare = 0.005
    package static let duplicateShare = 0.003

    private final class SliceFiles {
        let slice: ReleaseSlice
        var tables: [SourceTable: BufferedFileWriter] = [:]
        var appointments: BufferedFileWriter
        var diagnostics: BufferedFileWriter
        var rows: [String: Int] = [:]
        var appointmentDefects = FileDefects()
        var diagnosticDefects = FileDefects()

        init(slice: ReleaseSlice, directory: String) throws {
            self.slice = slice
            let base = directory + "/" + slice.businessDate.description
            for table in SourceTable.allCases {
                tables[table] = try BufferedFileWriter(path: "\(base)/postgres/\(table.rawValue).copy")
            }
            appointments = try BufferedFileWriter(path: "\(base)/sftp/\(SourceFileNames.appointments(slice.businessDate))")
            diagnostics = try BufferedFileWriter(path: "\(base)/s3/\(SourceFileNames.diagnosticsKey(slice.businessDate))")
            var header = RowEncoder(format: .csv)
            header.header(SourceFileNames.appointmentColumns)
            try appointments.write(header.bytes)
            header.removeAll()
            header.header(SourceFileNames.diagnosticColumns)
            try diagnostics.write(header.bytes)
        }
    }

    package let parameters: SimulationParameters
    package let directory: String
    private let cutoffDay: Int
    private var initial: SliceFiles?
    private var days: [Int: SliceFiles] = [:]
    private var copy = RowEncoder(format: .copyText)
    private var csv = RowEncoder(format: .csv)

    /// Creates the slice files for `slices` (each must be the initial load or a held-back day of `parameters`).
    package init(parameters: SimulationParameters, directory: String, slices: [ReleaseSlice]) throws {
        self.parameters = parameters
        self.directory = directory
        cutoffDay = parameters.cutoffDate.daysSinceEpoch
        for slice in slices {
            let files = try SliceFiles(slice: slice, directory: directory)
            switch slice {
            case .initial: initial = files
            case .day(let date): days[date.daysSinceEpoch] = files
            }
        }
    }

    /// Local path of a slice's table file.
    package func tablePath(_ table: SourceTable, slice: ReleaseSlice) -> String {
        "\(directory)/\(slice.businessDate)/postgres/\(table.rawValue).copy"
    }

    /// Local path of a slice's appointment file.
    package func appointmentsPath(slice: ReleaseSlice) -> String {
        "\(directory)/\(slice.businessDate)/sftp/\(SourceFileNames.appointments(slice.businessDate))"
    }

    /// Local path of a slice's diagnostics export.
    package func diagnosticsPath(slice: ReleaseSlice) -> String {
        "\(directory)/\(slice.businessDate)/s3/\(SourceFileNames.diagnosticsKey(slice.businessDate))"
    }

    /// Routes every row version of `history` to its slice.
    package func write(_ history: PatientHistory) throws {
        try writeTable(.patientDemographics, history.patients, id: \.patientID, updated: \.updatedAt, encode: Self.encodePatient)
        try writeTable(.encounters, history.encounters, id: \.encounterID, updated: \.updatedAt, encode: Self.encodeEncounter)
        try writeTable(.referrals, history.referrals, id: \.referralID, updated: \.updatedAt, encode: Self.encodeReferral)
        try writeTable(.diagnoses, history.diagnoses, id: \.diagnosisID, updated: \.updatedAt, encode: Self.encodeDiagnosis)
        try writeTable(.urgentCareLogs, history.urgentCareLogs, id: \.logID, updated: \.updatedAt, encode: Self.encodeUrgentCare)
        for appointment in history.appointments {
            guard let files = files(for: appointment.updatedAt.date.daysSinceEpoch) else { continue }
            try writeFileRow(
                files.appointments, defects: &files.appointmentDefects, tag: 1, id: appointment.appointmentID,
                day: appointment.updatedAt.date.daysSinceEpoch
            ) { encoder, malformation in Self.encodeAppointment(appointment, into: &encoder, malformation: malformation) }
        }
        for order in history.diagnosticOrders {
            guard let files = files(for: order.exportDate.daysSinceEpoch) else { continue }
            try writeFileRow(
                files.diagnostics, defects: &files.diagnosticDefects, tag: 2, id: order.diagnosticID,
                day: order.exportDate.daysSinceEpoch
            ) { encoder, malformation in Self.encodeDiagnosticOrder(order, into: &encoder, malformation: malformation) }
        }
    }

    /// Flushes and closes every file and returns what each slice holds.
    package func finish() throws -> [SliceSummary] {
        var summaries: [SliceSummary] = []
        for files in ([initial].compactMap { $0 } + days.values.sorted { $0.slice < $1.slice }) {
            for writer in files.tables.values { try writer.close() }
            try files.appointments.close()
            try files.diagnostics.close()
            var rows = files.rows
            for table in SourceTable.allCases { rows["\(table.database.rawValue).\(table.rawValue)", default: 0] += 0 }
            rows["sftp.appointments"] = files.appointmentDefects.dataRows
            rows["trust_s3.diagnostics_orders"] = files.diagnosticDefects.dataRows
            summaries.append(
                SliceSummary(
                    businessDate: files.slice.businessDate, initialLoad: files.slice.isInitialLoad, rows: rows,
                    files: [
                        "sftp/\(SourceFileNames.appointments(files.slice.businessDate))": files.appointmentDefects,
                        "trust_s3/\(SourceFileNames.diagnosticsKey(files.slice.businessDate))": files.diagnosticDefects,
                    ]))
        }
        return summaries
    }

    private func files(for day: Int) -> SliceFiles? {
        day <= cutoffDay ? initial : days[day]
    }

    /// Writes the versions of one table: contiguous versions per key, ascending by `updated`.
    private func writeTable<Row>(
        _ table: SourceTable, _ rows: [Row], id: KeyPath<Row, Int>, updated: KeyPath<Row, WallClockTime>,
        encode: (Row, inout RowEncoder) -> Void
    ) throws {
        var index = 0
        let key = "\(table.database.rawValue).\(table.rawValue)"
        while index < rows.count {
            let rowID = rows[index][keyPath: id]
            var latestInitial: Row?
            while index < rows.count, rows[index][keyPath: id] == rowID {
                let row = rows[index]
                let day = row[keyPath: updated].date.daysSinceEpoch
                if day <= cutoffDay {
                    latestInitial = row
                } else if let files = days[day] {
                    try emit(row, table: table, key: key, files: files, encode: encode)
                }
                index += 1
            }
            if let latestInitial, let initial {
                try emit(latestInitial, table: table, key: key, files: initial, encode: encode)
            }
        }
    }

    private func emit<Row>(_ row: Row, table: SourceTable, key: String, files: SliceFiles, encode: (Row, inout RowEncoder) -> Void) throws {
        copy.removeAll()
        encode(row, &copy)
        try files.tables[table]!.write(copy.bytes)
        files.rows[key, default: 0] += 1
    }

    private func writeFileRow(
        _ writer: BufferedFileWriter, defects: inout FileDefects, tag: UInt64, id: Int, day: Int,
        encode: (inout RowEncoder, Malformation?) -> Void
    ) throws {
        var random = SimulationRandom(seed: parameters.seed, domain: .fileDefects, index: tag << 60 ^ UInt64(id) << 20 ^ UInt64(day & 0xFFFFF))
        let draw = random.unit()
        let malformation = draw < Self.malformedShare ? Malformation.allCases[random.int(0...2)] : nil
        csv.removeAll()
        encode(&csv, malformation)
        try writer.write(csv.bytes)
        defects.dataRows += 1
        if let malformation {
            defects.malformed[malformation.rawValue, default: 0] += 1
        } else if draw < Self.malformedShare + Self.duplicateShare {
            try writer.write(csv.bytes)
            defects.dataRows += 1
            defects.duplicates += 1
        }
    }

    // MARK: - Encoders

    static func encodePatient(_ row: SourceRow.Patient, into encoder: inout RowEncoder) {
        encoder.int(row.patientID)
        encoder.text(row.nhsNumber)
        encoder.date(row.dateOfBirth)
        encoder.int(row.age)
        encoder.text(row.ageBand)
        encoder.text(row.sex)
        encoder.text(row.ethnicity)
        encoder.int(row.imdDecile)
        encoder.int(row.chronicConditions)
        encoder.text(row.lsoaCode)
        encoder.text(row.postcodeSector)
        encoder.text(row.practiceCode)
        encoder.date(row.registrationStart)
        encoder.date(row.registrationEnd)
        encoder.bool(row.isActive)
        encoder.timestamp(row.updatedAt)
        encoder.endRow()
    }

    static func encodeEncounter(_ row: SourceRow.Encounter, into encoder: inout RowEncoder) {
        encoder.int(row.encounterID)
        encoder.int(row.patientID)
        encoder.int(row.providerID)
        encoder.timestamp(row.start)
        encoder.timestamp(row.end)
        encoder.text(row.type)
        encoder.text(row.sourceSystem)
        encoder.int(row.clinicianID)
        encoder.text(row.priority)
        encoder.bool(row.wasAttended)
        encoder.bool(row.firstAttendance)
        encoder.text(row.conditionCode)
        encoder.int(row.waitDays)
        encoder.timestamp(row.createdAt)
        encoder.timestamp(row.updatedAt)
        encoder.endRow()
    }

    static func encodeReferral(_ row: SourceRow.Referral, into encoder: inout RowEncoder) {
        encoder.int(row.referralID)
        encoder.int(row.patientID)
        encoder.int(row.sourceProviderID)
        encoder.int(row.targetProviderID)
        encoder.timestamp(row.referredAt)
        encoder.text(row.type)
        encoder.text(row.specialty)
        encoder.text(row.status)
        encoder.timestamp(row.createdAt)
        encoder.timestamp(row.updatedAt)
        encoder.endRow()
    }

    static func encodeDiagnosis(_ row: SourceRow.Diagnosis, into encoder: inout RowEncoder) {
        encoder.int(row.diagnosisID)
        encoder.int(row.patientID)
        encoder.int(row.encounterID)
        encoder.text(row.code)
        encoder.text(row.description)
        encoder.text(row.type)
        encoder.timestamp(row.codedAt)
        encoder.timestamp(row.clinicalAt)
        encoder.text("EHR")
        encoder.timestamp(row.createdAt)
        encoder.timestamp(row.updatedAt)
        encoder.endRow()
    }

    static func encodeUrgentCare(_ row: SourceRow.UrgentCareLog, into encoder: inout RowEncoder) {
        encoder.int(row.logID)
        encoder.int(row.patientID)
        encoder.int(row.providerID)
        encoder.int(row.encounterID)
        encoder.timestamp(row.arrival)
        encoder.timestamp(row.triage)
        encoder.timestamp(row.seen)
        encoder.timestamp(row.departure)
        encoder.text(row.triageCategory)
        encoder.text(row.presentingComplaint)
        encoder.text(row.outcome)
        encoder.text("URGENT_CARE")
        encoder.timestamp(row.createdAt)
        encoder.timestamp(row.updatedAt)
        encoder.endRow()
    }

    static func encodeAppointment(_ row: SourceRow.Appointment, into encoder: inout RowEncoder, malformation: Malformation?) {
        if malformation == .nonNumericID { encoder.raw("APT-\(row.appointmentID)") } else { encoder.int(row.appointmentID) }
        encoder.int(row.patientID)
        encoder.text(row.nhsNumber)
        encoder.text(row.practiceCode)
        encoder.int(row.serviceLocationID)
        encoder.int(row.clinicianID)
        if malformation == .badDate {
            let (year, _, day) = row.start.date.components
            encoder.raw("\(year)-13-\(day + 31) 25:61:00")
        } else {
            encoder.timestamp(row.start)
        }
        encoder.timestamp(row.end)
        encoder.text(row.type)
        encoder.text(row.mode)
        encoder.text(row.slotType)
        encoder.text(row.bookingStatus)
        encoder.timestamp(row.bookingCreated)
        if malformation != .raggedRow {
            encoder.timestamp(row.bookingUpdated)
            encoder.int(row.waitDays)
            encoder.int(row.imdDecile)
        }
        encoder.endRow()
    }

    static func encodeDiagnosticOrder(_ row: SourceRow.DiagnosticOrder, into encoder: inout RowEncoder, malformation: Malformation?) {
        if malformation == .nonNumericID { encoder.raw("DX\(row.diagnosticID)") } else { encoder.int(row.diagnosticID) }
        encoder.int(row.patientID)
        encoder.int(row.referralID)
        encoder.int(row.encounterID)
        encoder.int(row.providerID)
        encoder.text(row.testType)
        encoder.text(row.testPanel)
        if malformation == .badDate {
            let (year, month, day) = row.requestDate.components
            encoder.raw("\(day)/\(month)/\(year)x")
        } else {
            encoder.date(row.requestDate)
        }
        if malformation == .raggedRow {
            encoder.endRow()
            return
        }
        encoder.date(row.performedDate)
        encoder.date(row.resultDate)
        encoder.text(row.resultFlag)
        encoder.endRow()
    }
}
