/// The five PostgreSQL source tables the Trust publishes (REFERENCE §1.5.2), with their columns and DDL.
package enum SourceTable: String, Sendable, CaseIterable, Codable {
    case patientDemographics = "patient_demographics"
    case encounters
    case referrals
    case diagnoses
    case urgentCareLogs = "urgent_care_logs"

    /// The database holding the table: `ehr` or `urgent_care`.
    package var database: SourceDatabase { self == .urgentCareLogs ? .urgentCare : .ehr }

    package var primaryKey: String {
        switch self {
        case .patientDemographics: return "patient_id"
        case .encounters: return "encounter_id"
        case .referrals: return "referral_id"
        case .diagnoses: return "diagnosis_id"
        case .urgentCareLogs: return "uc_log_id"
        }
    }

    /// Columns in `COPY` order (every column the generator emits, and only those).
    package var columns: [String] {
        switch self {
        case .patientDemographics:
            return [
                "patient_id", "nhs_pseudo_id", "date_of_birth", "age", "age_band", "sex", "ethnicity_ons", "imd_decile",
                "chronic_conditions_count", "lsoa_code", "postcode_sector", "registered_gp_practice_id",
                "registration_start_date", "registration_end_date", "is_active", "updated_at",
            ]
        case .encounters:
            return [
                "encounter_id", "patient_id", "provider_id", "encounter_datetime_start", "encounter_datetime_end",
                "encounter_type", "source_system", "clinician_id", "priority", "was_attended", "first_attendance_flag",
                "primary_condition_code", "wait_time_days", "created_at", "updated_at",
            ]
        case .referrals:
            return [
                "referral_id", "patient_id", "source_provider_id", "target_provider_id", "referral_datetime",
                "referral_type", "referral_specialty", "status", "created_at", "updated_at",
            ]
        case .diagnoses:
            return [
                "diagnosis_id", "patient_id", "encounter_id", "diagnosis_code", "diagnosis_desc", "diagnosis_type",
                "coded_datetime", "clinical_datetime", "source_system", "created_at", "updated_at",
            ]
        case .urgentCareLogs:
            return [
                "uc_log_id", "patient_id", "provider_id", "encounter_id", "arrival_datetime", "triage_datetime",
                "seen_by_clinician_datetime", "departure_datetime", "triage_category", "presenting_complaint", "outcome",
                "source_system", "created_at", "updated_at",
            ]
        }
    }

    /// `CREATE TABLE IF NOT EXISTS` plus indexes; the CHECK constraints hold for every generated row.
    package var ddl: String {
        switch self {
        case .patientDemographics:
            return """
                CREATE TABLE IF NOT EXISTS patient_demographics (
                    patient_id BIGINT PRIMARY KEY,
                    nhs_pseudo_id VARCHAR(32),
                    date_of_birth DATE NOT NULL,
                    age INT CHECK (age IS NULL OR age >= 0),
                    age_band VARCHAR(16),
                    sex VARCHAR(16),
                    ethnicity_ons VARCHAR(64),
                    imd_decile INT CHECK (imd_decile IS NULL OR imd_decile BETWEEN 1 AND 10),
                    chronic_conditions_count INT CHECK (chronic_conditions_count IS NULL OR chronic_conditions_count >= 0),
                    lsoa_code VARCHAR(16),
                    postcode_sector VARCHAR(16),
                    registered_gp_practice_id VARCHAR(32),
                    registration_start_date DATE,
                    registration_end_date DATE,
                    is_active BOOLEAN NOT NULL DEFAULT TRUE,
                    updated_at TIMESTAMP NOT NULL DEFAULT NOW(),
                    CHECK (registration_end_date IS NULL OR registration_end_date >= registration_start_date)
                );
                CREATE INDEX IF NOT EXISTS patient_demographics_lsoa_code ON patient_demographics (lsoa_code);
                CREATE INDEX IF NOT EXISTS patient_demographics_postcode_sector ON patient_demographics (postcode_sector);
                CREATE INDEX IF NOT EXISTS patient_demographics_imd_decile ON patient_demographics (imd_decile);
                CREATE INDEX IF NOT EXISTS patient_demographics_updated_at ON patient_demographics (updated_at);
                """
        case .encounters:
            return """
                CREATE TABLE IF NOT EXISTS encounters (
                    encounter_id BIGINT PRIMARY KEY,
                    patient_id BIGINT NOT NULL REFERENCES patient_demographics (patient_id),
                    provider_id BIGINT NOT NULL,
                    encounter_datetime_start TIMESTAMP NOT NULL,
                    encounter_datetime_end TIMESTAMP NOT NULL,
                    encounter_type VARCHAR(32),
                    source_system VARCHAR(32),
                    clinician_id BIGINT,
                    priority VARCHAR(16),
                    was_attended BOOLEAN,
                    first_attendance_flag BOOLEAN,
                    primary_condition_code VARCHAR(32),
                    wait_time_days INT CHECK (wait_time_days IS NULL OR wait_time_days >= 0),
                    created_at TIMESTAMP NOT NULL DEFAULT NOW(),
                    updated_at TIMESTAMP NOT NULL DEFAULT NOW(),
                    CHECK (encounter_datetime_end >= encounter_datetime_start)
                );
                CREATE INDEX IF NOT EXISTS encounters_patient_id ON encounters (patient_id);
                CREATE INDEX IF NOT EXISTS encounters_provider_id ON encounters (provider_id);
                CREATE INDEX IF NOT EXISTS encounters_start ON encounters (encounter_datetime_start);
                CREATE INDEX IF NOT EXISTS encounters_type ON encounters (encounter_type);
                CREATE INDEX IF NOT EXISTS encounters_updated_at ON encounters (updated_at);
                """
        case .referrals:
            return """
                CREATE TABLE IF NOT EXISTS referrals (
                    referral_id BIGINT PRIMARY KEY,
                    patient_id BIGINT NOT NULL REFERENCES patient_demographics (patient_id),
                    source_provider_id BIGINT NOT NULL,
                    target_provider_id BIGINT NOT NULL,
                    referral_datetime TIMESTAMP NOT NULL,
                    referral_type VARCHAR(32),
                    referral_specialty VARCHAR(64),
                    status VARCHAR(16),
                    created_at TIMESTAMP NOT NULL DEFAULT NOW(),
                    updated_at TIMESTAMP NOT NULL DEFAULT NOW()
                );
                CREATE INDEX IF NOT EXISTS referrals_patient_id ON referrals (patient_id);
                CREATE INDEX IF NOT EXISTS referrals_updated_at ON referrals (updated_at);
                """
        case .diagnoses:
            return """
                CREATE TABLE IF NOT EXISTS diagnoses (
                    diagnosis_id BIGINT PRIMARY KEY,
                    patient_id BIGINT NOT NULL REFERENCES patient_demographics (patient_id),
                    encounter_id BIGINT REFERENCES encounters (encounter_id),
                    diagnosis_code VARCHAR(32) NOT NULL,
                    diagnosis_desc VARCHAR(255),
                    diagnosis_type VARCHAR(32),
                    coded_datetime TIMESTAMP,
                    clinical_datetime TIMESTAMP,
                    source_system VARCHAR(32) DEFAULT 'EHR',
                    created_at TIMESTAMP NOT NULL DEFAULT NOW(),
                    updated_at TIMESTAMP NOT NULL DEFAULT NOW(),
                    CHECK (coded_datetime IS NULL OR clinical_datetime IS NULL OR coded_datetime >= clinical_datetime)
                );
                CREATE INDEX IF NOT EXISTS diagnoses_patient_id ON diagnoses (patient_id);
                CREATE INDEX IF NOT EXISTS diagnoses_encounter_id ON diagnoses (encounter_id);
                CREATE INDEX IF NOT EXISTS diagnoses_updated_at ON diagnoses (updated_at);
                """
        case .urgentCareLogs:
            return """
                CREATE TABLE IF NOT EXISTS urgent_care_logs (
                    uc_log_id BIGINT PRIMARY KEY,
                    patient_id BIGINT NOT NULL,
                    provider_id BIGINT NOT NULL,
                    encounter_id BIGINT,
                    arrival_datetime TIMESTAMP NOT NULL,
                    triage_datetime TIMESTAMP CHECK (triage_datetime IS NULL OR triage_datetime >= arrival_datetime),
                    seen_by_clinician_datetime TIMESTAMP
                        CHECK (seen_by_clinician_datetime IS NULL OR seen_by_clinician_datetime >= arrival_datetime),
                    departure_datetime TIMESTAMP CHECK (departure_datetime IS NULL OR departure_datetime >= arrival_datetime),
                    triage_category VARCHAR(16),
                    presenting_complaint VARCHAR(128),
                    outcome VARCHAR(32),
                    source_system VARCHAR(32) NOT NULL DEFAULT 'URGENT_CARE',
                    created_at TIMESTAMP NOT NULL DEFAULT NOW(),
                    updated_at TIMESTAMP NOT NULL DEFAULT NOW()
                );
                CREATE INDEX IF NOT EXISTS urgent_care_logs_patient_id ON urgent_care_logs (patient_id);
                CREATE INDEX IF NOT EXISTS urgent_care_logs_provider_id ON urgent_care_logs (provider_id);
                CREATE INDEX IF NOT EXISTS urgent_care_logs_arrival ON urgent_care_logs (arrival_datetime);
                CREATE INDEX IF NOT EXISTS urgent_care_logs_encounter_id ON urgent_care_logs (encounter_id);
                CREATE INDEX IF NOT EXISTS urgent_care_logs_updated_at ON urgent_care_logs (updated_at);
                """
        }
    }
}

/// The Trust's two PostgreSQL databases.
package enum SourceDatabase: String, Sendable, CaseIterable, Codable {
    case ehr
    case urgentCare = "urgent_care"

    package var tables: [SourceTable] { SourceTable.allCases.filter { $0.database == self } }
}
