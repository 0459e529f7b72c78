import Parquet
import PipelineContracts

/// Hand-built pseudonymised and reference inputs with known answers.
///
/// 30 patients, three per IMD decile (by LSOA); the source `imd_decile` is deliberately wrong (always 7) so
/// re-derivation is visible. Patient 0 (decile 1) drives the RTT/DM01/A&E cases.
enum TransformTestData {
    static let wall = ParquetLogicalType.timestamp(unit: .microseconds, isAdjustedToUTC: false)

    static func sk(_ index: Int) -> String { String(repeating: "0", count: 62) + String(format: "%02x", index) }

    /// LSOA of a decile in the lookup.
    static func lsoa(_ decile: Int) -> String { "E0100\(String(format: "%04d", 5000 + decile))" }

    static func decile(ofPatient index: Int) -> Int { index / 3 + 1 }

    // MARK: Reference

    static func reference() -> [String: TransformFixture.Dataset] {
        let lookup = TransformFixture.Dataset(
            columns: [ParquetColumn("lsoa_code", .string), ParquetColumn("imd_decile", .string), ParquetColumn("imd_rank", .string),
                ParquetColumn("postcode_sector", .string), ParquetColumn("local_authority", .string)],
            rows: (1...10).map { [string(lsoa($0)), string("\($0)"), string("\($0 * 1000)"), string("M1 1"), string("Salford")] })
        let providerColumns = ["provider_id", "provider_code", "site_name", "provider_type", "parent_trust_name", "ics_region",
            "address_line_1", "city", "postcode", "postcode_sector", "lsoa_code", "is_main_site", "site_status", "has_ed",
            "has_inpatient_beds", "size_band", "opening_hours", "service_lines", "site_manager_name", "site_manager_email"]
        func provider(_ id: Int, _ code: String, _ type: String, _ status: String) -> [ParquetValue] {
            [string("\(id).0"), string(code), string("Site \(code)"), string(type), string("Northshire"), string("GM"), string("1 Road"),
             string("Salford"), string("M1 1AA"), string("M1 1"), string(lsoa(1)), string("False"), string(status), string("True"),
             string("False"), string("LARGE"), string("24/7"), string("ED"), string("Jo Bloggs"), string("jo.bloggs@northshire.nhs.uk")]
        }
        let providers = TransformFixture.Dataset(
            columns: providerColumns.map { ParquetColumn($0, .string) },
            rows: [provider(101, "ACU001", "ACUTE_HOSPITAL", "ACTIVE"), provider(106, "UC001", "URGENT_CARE", "MEASURED"),
                   provider(120, "GP001", "GP_PRACTICE", "ACTIVE")])
        let ethnicity = TransformFixture.Dataset(
            columns: [ParquetColumn("ethnicity_label", .string), ParquetColumn("ethnicity_code", .string)],
            rows: [[string("White British"), string("A")], [string("Pakistani"), string("J")]])
        return ["lsoa_imd": lookup, "providers": providers, "ethnicity_codes": ethnicity]
    }

    // MARK: Pseudonymised, business date 1 (2025-03-30) and 2 (2025-03-31)

    static let patientColumns: [ParquetColumn] = [
        ParquetColumn("patient_sk", .string), ParquetColumn("age", .int64), ParquetColumn("age_band", .string),
        ParquetColumn("sex", .string), ParquetColumn("ethnicity_ons", .string), ParquetColumn("imd_decile", .int64),
        ParquetColumn("chronic_conditions_count", .int64), ParquetColumn("lsoa_code", .string),
        ParquetColumn("registered_gp_practice_id", .string), ParquetColumn("registration_start_date", .date),
        ParquetColumn("registration_end_date", .date), ParquetColumn("is_active", .boolean), ParquetColumn("updated_at", wall),
    ]

    static func patient(_ index: Int, updated: String, sex: String = "F", ethnicity: String? = "White British") -> [ParquetValue] {
        [string(sk(index)), .int64(40), string("25-44"), string(sex), string(ethnicity), .int64(7), .int64(1),
         string(lsoa(decile(ofPatient: index))), string("P84001"), .date(Int32(day("2020-01-01").daysSinceEpoch)), .null,
         .bool(true), wallClock(updated)]
    }

    static let encounterColumns: [ParquetColumn] = [
        ParquetColumn("patient_sk", .string), ParquetColumn("encounter_id", .int64), ParquetColumn("provider_id", .int64),
        ParquetColumn("encounter_datetime_start", wall), ParquetColumn("encounter_datetime_end", wall),
        ParquetColumn("encounter_type", .string), ParquetColumn("source_system", .string), ParquetColumn("clinician_id", .int64),
        ParquetColumn("priority", .string), ParquetColumn("was_attended", .boolean), ParquetColumn("first_attendance_flag", .boolean),
        ParquetColumn("primary_condition_code", .string), ParquetColumn("wait_time_days", .int64), ParquetColumn("created_at", wall),
        ParquetColumn("updated_at", wall),
    ]

    static func encounter(_ id: Int, patient: Int, start: String, attended: Bool = true, type: String = "OP", priority: String = "ROUTINE", updated: String) -> [ParquetValue] {
        [string(sk(patient)), .int64(Int64(id)), .int64(101), wallClock(start), wallClock(start), string(type), string("EHR"), .int64(9),
         string(priority), .bool(attended), .bool(true), string("I10"), .int64(10), wallClock(updated), wallClock(updated)]
    }

    static let referralColumns: [ParquetColumn] = [
        ParquetColumn("patient_sk", .string), ParquetColumn("referral_id", .int64), ParquetColumn("source_provider_id", .int64),
        ParquetColumn("target_provider_id", .int64), ParquetColumn("referral_datetime", wall), ParquetColumn("referral_type", .string),
        ParquetColumn("referral_specialty", .string), ParquetColumn("status", .string), ParquetColumn("created_at", wall),
        ParquetColumn("updated_at", wall),
    ]

    static func referral(_ id: Int, patient: Int, at: String, status: String = "OPEN") -> [ParquetValue] {
        [string(sk(patient)), .int64(Int64(id)), .int64(120), .int64(101), wallClock(at), string("ROUTINE"), string("Cardiology"),
         string(status), wallClock(at), wallClock("2025-03-30 06:00")]
    }

    static let urgentColumns: [ParquetColumn] = [
        ParquetColumn("patient_sk", .string), ParquetColumn("uc_log_id", .int64), ParquetColumn("provider_id", .int64),
        ParquetColumn("encounter_id", .int64), ParquetColumn("arrival_datetime", wall), ParquetColumn("triage_datetime", wall),
        ParquetColumn("seen_by_clinician_datetime", wall), ParquetColumn("departure_datetime", wall),
        ParquetColumn("triage_category", .string), ParquetColumn("presenting_complaint", .string), ParquetColumn("outcome", .string),
        ParquetColumn("source_system", .string), ParquetColumn("created_at", wall), ParquetColumn("updated_at", wall),
    ]

    static func attendance(_ id: Int, arrival: String, departure: String?, triage: String = "CAT2") -> [ParquetValue] {
        [string(sk(0)), .int64(Int64(id)), .int64(106), .null, wallClock(arrival), .null, .null, departure.map(wallClock) ?? .null,
         string(triage), string("Chest pain"), string("Discharged"), string("URGENT_CARE"), wallClock(arrival), wallClock("2025-03-30 06:00")]
    }

    static let appointmentNames = [
        "patient_sk", "appointment_id", "registered_gp_practice_id", "service_location_id", "clinician_id",
        "appointment_start_datetime", "appointment_end_datetime", "appointment_type", "mode", "slot_type", "booking_status",
        "booking_created_datetime", "booking_updated_datetime", "wait_time_days", "imd_decile",
    ]

    /// 20 appointments per decile in March 2025; DNA count = 15 − decile (14 … 5), the rest attended. One more
    /// appointment has an impossible date and must be rejected.
    static func appointments() -> TransformFixture.Dataset {
        var rows: [[ParquetValue]] = []
        var id = 5000
        for decile in 1...10 {
            for n in 0..<20 {
                id += 1
                let patient = (decile - 1) * 3 + n % 3
                let start = String(format: "2025-03-%02d 09:30", n % 28 + 1)
                let status = n < 15 - decile ? "dna" : "Attended"
                rows.append([string(sk(patient)), string("\(id)"), string("P84001"), string("120"), string("9"), string(start),
                             string(start), string("GP"), string("F2F"), string("ROUTINE"), string(status), string("2025-02-01 10:00:00"),
                             string("2025-02-02 10:00:00"), string("10"), string("3")])
            }
        }
        rows.append([string(sk(1)), string("9999"), string("P84001"), string("120"), string("9"), string("2025-13-45 10:00"),
                     string("2025-03-01 10:00"), string("GP"), string("F2F"), string("ROUTINE"), string("BOOKED"), string(nil), string(nil),
                     string("1"), string("3")])
        return TransformFixture.Dataset(columns: appointmentNames.map { ParquetColumn($0, .string) }, rows: rows)
    }

    static let diagnosticNames = [
        "patient_sk", "diagnostic_id", "referral_id", "encounter_id", "provider_id", "test_type", "test_panel", "request_date",
        "performed_date", "result_date", "result_flag",
    ]

    static func diagnostics() -> TransformFixture.Dataset {
        func order(_ id: String, referral: String?, request: String, performed: String?) -> [ParquetValue] {
            [string(sk(0)), string(id), string(referral), string(nil), string("101"), string("ct"), string("CT head"), string(request),
             string(performed), string(performed), string("normal")]
        }
        return TransformFixture.Dataset(
            columns: diagnosticNames.map { ParquetColumn($0, .string) },
            rows: [order("1", referral: "1.0", request: "2024-10-05", performed: "2024-11-20"),
                   order("2", referral: "2", request: "2025-03-01", performed: nil),
                   order("3", referral: "3", request: "2025-01-01", performed: ""),
                   // One export holding two versions of order 4 (the initial load): the performed one wins, not
                   // the one that happens to come last.
                   order("4", referral: "4", request: "2025-02-01", performed: "2025-02-20"),
                   order("4", referral: "4", request: "2025-02-01", performed: nil)])
    }

    static let diagnosisColumns: [ParquetColumn] = [
        ParquetColumn("patient_sk", .string), ParquetColumn("diagnosis_id", .int64), ParquetColumn("encounter_id", .int64),
        ParquetColumn("diagnosis_code", .string), ParquetColumn("diagnosis_desc", .string), ParquetColumn("diagnosis_type", .string),
        ParquetColumn("coded_datetime", wall), ParquetColumn("clinical_datetime", wall), ParquetColumn("source_system", .string),
        ParquetColumn("created_at", wall), ParquetColumn("updated_at", wall),
    ]

    /// The first business date: every patient, the RTT/DM01/A&E cases, appointments, diagnostics.
    static func day1() -> [String: TransformFixture.Dataset] {
        var patients = (0..<30).map { patient($0, updated: "2025-03-30 08:00") }
        patients[3] = patient(3, updated: "2025-03-30 08:00", sex: "M", ethnicity: nil)
        patients[4] = patient(4, updated: "2025-03-30 08:00", sex: "F", ethnicity: "Pakistani")
        return [
            "patient_demographics": TransformFixture.Dataset(columns: patientColumns, rows: patients),
            "encounters": TransformFixture.Dataset(columns: encounterColumns, rows: [
                encounter(1, patient: 0, start: "2025-03-10 11:00", updated: "2025-03-30 08:00"),
                encounter(2, patient: 5, start: "2025-03-01 11:00", attended: false, updated: "2025-03-30 09:00"),
                encounter(3, patient: 5, start: "2025-03-15 11:00", updated: "2025-03-30 07:00"),
                // Same-day duplicate of encounter 3: the later updated_at wins.
                encounter(3, patient: 5, start: "2025-03-15 11:00", priority: "URGENT", updated: "2025-03-30 10:00"),
            ]),
            "referrals": TransformFixture.Dataset(columns: referralColumns, rows: [
                referral(1, patient: 0, at: "2024-10-01 10:00"), referral(2, patient: 1, at: "2025-01-02 10:00"), referral(3, patient: 2, at: "2024-11-01 10:00"),
                referral(4, patient: 5, at: "2025-02-01 10:00"), referral(5, patient: 6, at: "2025-01-10 10:00", status: "CLOSED"),
            ]),
            "diagnoses": TransformFixture.Dataset(columns: diagnosisColumns, rows: []),
            "urgent_care_logs": TransformFixture.Dataset(columns: urgentColumns, rows: [
                attendance(1, arrival: "2025-03-10 10:00", departure: "2025-03-10 14:01"),
                attendance(2, arrival: "2025-03-10 10:00", departure: "2025-03-10 13:59", triage: "3"),
                attendance(3, arrival: "2025-03-31 20:00", departure: nil),
                attendance(4, arrival: "2025-03-30 09:00", departure: nil),
                // Across the spring-forward change: 00:30 GMT → 04:30 BST is 3 hours, not 4.
                attendance(5, arrival: "2025-03-30 00:30", departure: "2025-03-30 04:30"),
                // Wall-clock times that do not exist / exist twice in Europe/London.
                attendance(6, arrival: "2025-03-30 01:30", departure: "2025-03-30 03:00"),
                attendance(7, arrival: "2025-10-26 01:30", departure: "2025-10-26 02:30"),
                attendance(8, arrival: "2025-07-01 10:00", departure: "2025-07-01 11:00"),
            ]),
            "appointments": appointments(),
            "diagnostics_orders": diagnostics(),
        ]
    }

    /// The second business date: a newer version of encounter 2 and a late, older version of encounter 1.
    static func day2() -> [String: TransformFixture.Dataset] {
        [
            "patient_demographics": TransformFixture.Dataset(columns: patientColumns, rows: []),
            "encounters": TransformFixture.Dataset(columns: encounterColumns, rows: [
                encounter(1, patient: 0, start: "2025-03-10 11:00", priority: "EMERGENCY", updated: "2025-03-29 07:00"),
                encounter(2, patient: 5, start: "2025-03-01 11:00", attended: false, priority: "URGENT", updated: "2025-03-31 09:00"),
            ]),
        ]
    }
}
