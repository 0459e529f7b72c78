import PipelineContracts

/// One publication of the Trust: the initial load (everything up to the cut-off, as one business date) or
/// one held-back business date.
package enum ReleaseSlice: Sendable, Hashable, Comparable, CustomStringConvertible {
    case initial(BusinessDate)
    case day(BusinessDate)

    package var businessDate: BusinessDate {
        switch self {
        case .initial(let date), .day(let date): return date
        }
    }

    package var isInitialLoad: Bool {
        if case .initial = self { return true }
        return false
    }

    package static func < (lhs: ReleaseSlice, rhs: ReleaseSlice) -> Bool { lhs.businessDate < rhs.businessDate }

    package var description: String { "\(isInitialLoad ? "initial load" : "day") \(businessDate)" }

    /// Every slice of a simulation, in release order.
    package static func all(_ parameters: SimulationParameters) -> [ReleaseSlice] {
        [.initial(parameters.cutoffDate)] + parameters.heldBackDates.map(ReleaseSlice.day)
    }
}

/// Names of published files and objects.
package enum SourceFileNames {
    /// `YYYYMMDD_appointments.csv` (SFTP drop).
    package static func appointments(_ date: BusinessDate) -> String { "\(date.compact)_appointments.csv" }

    /// `diagnostics/export_date=YYYYMMDD/YYYYMMDD_diagnostic_orders.csv` (Trust bucket).
    package static func diagnosticsKey(_ date: BusinessDate) -> String {
        "diagnostics/export_date=\(date.compact)/\(date.compact)_diagnostic_orders.csv"
    }

    /// `reference/export_date=YYYYMMDD/` (Trust bucket).
    package static func referencePrefix(_ date: BusinessDate) -> String { "reference/export_date=\(date.compact)/" }

    package static let providerWorkbook = "sites_and_services_master.xlsx"
    package static let lsoaLookup = "lsoa_imd_lookup.csv"
    package static let ethnicityMapping = "ethnicity_code_mapping.csv"

    package static let appointmentColumns = [
        "appointment_id", "patient_id", "nhs_pseudo_id", "registered_gp_practice_id", "service_location_id",
        "clinician_id", "appointment_start_datetime", "appointment_end_datetime", "appointment_type", "mode",
        "slot_type", "booking_status", "booking_created_datetime", "booking_updated_datetime", "wait_time_days",
        "imd_decile",
    ]

    package static let diagnosticColumns = [
        "diagnostic_id", "patient_id", "referral_id", "encounter_id", "provider_id", "test_type", "test_panel",
        "request_date", "performed_date", "result_date", "result_flag",
    ]
}
