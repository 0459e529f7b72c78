import Foundation

/// Source files as the Trust delivers them (REFERENCE §1.6, §1.7), built in memory for hostile-input and
/// lake-fault tests: appointment CSVs for the SFTP drop and diagnostics CSVs for the S3 export.
enum TrustFileContent {
    static let appointmentHeader =
        "appointment_id,patient_id,nhs_pseudo_id,registered_gp_practice_id,service_location_id,clinician_id,"
        + "appointment_start_datetime,appointment_end_datetime,appointment_type,mode,slot_type,booking_status,"
        + "booking_created_datetime,booking_updated_datetime,wait_time_days,imd_decile"

    static let diagnosticsHeader =
        "diagnostic_id,patient_id,referral_id,encounter_id,provider_id,test_type,test_panel,request_date,performed_date,"
        + "result_date,result_flag"

    /// A well-formed appointment line for `id` on `day` (`YYYY-MM-DD`).
    static func appointment(_ id: Int, day: String, nhs: String? = nil, type: String = "GP") -> String {
        let number = nhs ?? validNHSNumber(id)
        return
            "\(id),\(id % 997 + 1),\(number),G8100\(id % 10),\(id % 7 + 1),\(id % 50 + 1),\(day) 09:00:00,\(day) 09:15:00,"
            + "\(type),F2F,ROUTINE,ATTENDED,\(day) 08:00:00,\(day) 08:30:00,\(id % 30),\(id % 10 + 1)"
    }

    /// An appointment file: the header plus `lines`, LF-terminated.
    static func appointments(_ lines: [String]) -> [UInt8] {
        Array((([appointmentHeader] + lines).joined(separator: "\n") + "\n").utf8)
    }

    /// A diagnostics export of `rows` orders requested on `day`, about 60 bytes a row.
    static func diagnostics(rows: Int, day: String) -> [UInt8] {
        var text = diagnosticsHeader + "\n"
        text.reserveCapacity(rows * 64)
        let flags = ["NORMAL", "ABNORMAL", "CRITICAL"]
        for id in 1...max(1, rows) {
            text += "\(id),\(id % 4001 + 1),\(id),\(id + 7),\(100 + id % 9),MRI,PANEL\(id % 13),"
            text += "\(day),\(day),\(day),\(flags[id % 3])\n"
        }
        return Array(text.utf8)
    }

    /// A Mod-11-valid NHS number derived from `seed`: nine digits starting with 9 plus their check digit (nine-digit
    /// stems whose check digit computes to 10 are skipped).
    static func validNHSNumber(_ seed: Int) -> String {
        var candidate = 900_000_000 + (seed * 7919) % 99_999_999
        while true {
            let digits = String(candidate).compactMap { $0.wholeNumberValue }
            let weighted = zip(digits, (2...10).reversed()).reduce(0) { $0 + $1.0 * $1.1 }
            let remainder = 11 - weighted % 11
            if remainder != 10 { return String(candidate) + String(remainder == 11 ? 0 : remainder) }
            candidate += 1
        }
    }
}
