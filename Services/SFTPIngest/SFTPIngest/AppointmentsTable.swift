import Parquet
import SourceFiles

/// The appointment CSV's columns (REFERENCE.md §1.6) and their Bronze types.
///
/// Names are the source's own. Ids and counts are `int64`; datetimes are Europe/London wall-clock
/// `timestamp(micros, isAdjustedToUTC: false)`; the NHS number (`nhs_pseudo_id`) stays text, leading zeros
/// intact, and may be empty (the pseudonymiser quarantines it with reason `missing`).
package enum AppointmentsTable {
    /// Wall-clock timestamp type used for every datetime column.
    static let wallClock = ParquetLogicalType.timestamp(unit: .microseconds, isAdjustedToUTC: false)

    /// The typed spec (strict header: exactly these 16 columns, in any order).
    package static let spec = TypedTableSpec([
        TypedColumn("appointment_id", .int64, nullable: false),
        TypedColumn("patient_id", .int64, nullable: false),
        TypedColumn("nhs_pseudo_id", .string),
        TypedColumn("registered_gp_practice_id", .string),
        TypedColumn("service_location_id", .int64),
        TypedColumn("clinician_id", .int64),
        TypedColumn("appointment_start_datetime", wallClock, nullable: false),
        TypedColumn("appointment_end_datetime", wallClock),
        TypedColumn("appointment_type", .string),
        TypedColumn("mode", .string),
        TypedColumn("slot_type", .string),
        TypedColumn("booking_status", .string),
        TypedColumn("booking_created_datetime", wallClock),
        TypedColumn("booking_updated_datetime", wallClock),
        TypedColumn("wait_time_days", .int64),
        TypedColumn("imd_decile", .int64),
    ])
}
