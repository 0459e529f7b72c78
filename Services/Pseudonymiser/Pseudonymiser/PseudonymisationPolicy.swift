import PipelineContracts

/// What the privacy gateway does to each person-level Bronze entity (DOMAIN §3).
///
/// * `patient_sk` (string, nullable) is added as the first column.
/// * The NHS number (`nhs_pseudo_id`) and the source `patient_id` are removed: `patient_sk` replaces them.
/// * Date of birth and postcode are removed (`date_of_birth`, `postcode_sector`, `postcode`); age band, sex,
///   ethnicity, LSOA, GP practice and registration dates stay.
/// * Every other column is kept with its type, in source order.
package enum PseudonymisationPolicy {
    /// The person-level entities, patients first (events resolve their patient through today's patients).
    package static let entities: [BronzeEntity] = BronzeEntity.allCases.filter(\.isPersonLevel).sorted {
        ($0 == .patientDemographics ? 0 : 1, $0.rawValue) < ($1 == .patientDemographics ? 0 : 1, $1.rawValue)
    }

    /// The NHS number column in Bronze (text, as the source stores it).
    package static let nhsNumberColumn = "nhs_pseudo_id"
    /// The source patient id column in Bronze.
    package static let patientIDColumn = "patient_id"
    /// The column used to pick a patient's latest version within one business date.
    package static let updatedAtColumn = "updated_at"
    /// The pseudonym column added to every pseudonymised entity.
    package static let patientSKColumn = "patient_sk"
    /// The rejection reason column added to quarantine files.
    package static let reasonColumn = "reason"

    /// Columns never written to `pseudonymised/`.
    package static let removedColumns: Set<String> = [
        nhsNumberColumn, patientIDColumn, "nhs_number", "date_of_birth", "postcode_sector", "postcode",
    ]

    /// Entities whose NHS numbers are validated (and whose invalid rows are quarantined).
    package static func validatesNHSNumber(_ entity: BronzeEntity) -> Bool {
        entity == .patientDemographics || entity == .appointments
    }

    /// The `pseudonymised/` dataset name of an entity (= the Bronze entity name).
    package static func dataset(_ entity: BronzeEntity) -> String { entity.rawValue }

    /// The quarantine dataset name of an entity, e.g. `quarantine_patient_demographics`.
    package static func quarantineDataset(_ entity: BronzeEntity) -> String { "quarantine_" + entity.rawValue }

    /// The restricted key-map dataset name.
    package static let patientKeysDataset = "patient_keys"
}
