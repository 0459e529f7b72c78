import PipelineContracts

/// One version of one source row, per table. A row's versions are contiguous in a ``PatientHistory``
/// and ascend by `updatedAt`; the version belongs to the business date of its `updatedAt`.
package enum SourceRow {
    /// `ehr.patient_demographics`.
    package struct Patient: Sendable, Hashable {
        package var patientID: Int
        package var nhsNumber: String?
        package var dateOfBirth: BusinessDate
        package var age: Int
        package var ageBand: String
        package var sex: String
        package var ethnicity: String?
        /// The source's own (deliberately unreliable) decile.
        package var imdDecile: Int?
        package var chronicConditions: Int
        package var lsoaCode: String
        package var postcodeSector: String
        package var practiceCode: String
        package var registrationStart: BusinessDate
        package var registrationEnd: BusinessDate?
        package var isActive: Bool
        package var updatedAt: WallClockTime
    }

    /// `ehr.encounters`.
    package struct Encounter: Sendable, Hashable {
        package var encounterID: Int
        package var patientID: Int
        package var providerID: Int
        package var start: WallClockTime
        package var end: WallClockTime
        package var type: String
        package var sourceSystem: String
        package var clinicianID: Int
        package var priority: String
        package var wasAttended: Bool
        package var firstAttendance: Bool
        package var conditionCode: String
        package var waitDays: Int
        package var createdAt: WallClockTime
        package var updatedAt: WallClockTime
    }

    /// `ehr.referrals`.
    package struct Referral: Sendable, Hashable {
        package var referralID: Int
        package var patientID: Int
        package var sourceProviderID: Int
        package var targetProviderID: Int
        package var referredAt: WallClockTime
        package var type: String
        package var specialty: String
        package var status: String
        package var createdAt: WallClockTime
        package var updatedAt: WallClockTime
    }

    /// `ehr.diagnoses`.
    package struct Diagnosis: Sendable, Hashable {
        package var diagnosisID: Int
        package var patientID: Int
        package var encounterID: Int
        package var code: String
        package var description: String
        package var type: String
        package var codedAt: WallClockTime
        package var clinicalAt: WallClockTime
        package var createdAt: WallClockTime
        package var updatedAt: WallClockTime
    }

    /// `urgent_care.urgent_care_logs`.
    package struct UrgentCareLog: Sendable, Hashable {
        package var logID: Int
        package var patientID: Int
        package var providerID: Int
        package var encounterID: Int
        package var arrival: WallClockTime
        package var triage: WallClockTime?
        package var seen: WallClockTime?
        package var departure: WallClockTime?
        package var triageCategory: String?
        package var presentingComplaint: String
        package var outcome: String
        package var createdAt: WallClockTime
        package var updatedAt: WallClockTime
    }

    /// A row of the SFTP appointment file.
    package struct Appointment: Sendable, Hashable {
        package var appointmentID: Int
        package var patientID: Int
        package var nhsNumber: String?
        package var practiceCode: String
        package var serviceLocationID: Int
        package var clinicianID: Int
        package var start: WallClockTime
        package var end: WallClockTime
        package var type: String
        package var mode: String
        package var slotType: String
        package var bookingStatus: String
        package var bookingCreated: WallClockTime
        package var bookingUpdated: WallClockTime
        package var waitDays: Int
        package var imdDecile: Int?

        package var updatedAt: WallClockTime { bookingUpdated }
    }

    /// A row of the S3 diagnostics export; `exportDate` is the business date of this version.
    package struct DiagnosticOrder: Sendable, Hashable {
        package var diagnosticID: Int
        package var patientID: Int
        package var referralID: Int?
        package var encounterID: Int?
        package var providerID: Int
        package var testType: String
        package var testPanel: String
        package var requestDate: BusinessDate
        package var performedDate: BusinessDate?
        package var resultDate: BusinessDate?
        package var resultFlag: String?
        package var exportDate: BusinessDate
    }
}

/// Everything the Trust records about one patient, over the whole simulated history.
package struct PatientHistory: Sendable {
    package var patients: [SourceRow.Patient] = []
    package var encounters: [SourceRow.Encounter] = []
    package var referrals: [SourceRow.Referral] = []
    package var diagnoses: [SourceRow.Diagnosis] = []
    package var urgentCareLogs: [SourceRow.UrgentCareLog] = []
    package var appointments: [SourceRow.Appointment] = []
    package var diagnosticOrders: [SourceRow.DiagnosticOrder] = []
    /// How the patient's NHS number was recorded (for ground truth only; never published).
    package var nhsRecording: NHSNumber.Recording = .valid
    /// The true deprivation decile of the patient's first address (ground truth).
    package var trueDecile: Int = 1
    package var ethnicity: String?

    package init() {}
}
