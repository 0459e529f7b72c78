import Parquet
import SourceFiles

/// The typed shape of each Trust export in Bronze (REFERENCE.md §1.7; our simulator writes integer ids as
/// integers, so `474.0` is a malformed id here, not a float).
enum ExportTableSpecs {
    static func spec(for kind: ExportFileKind) -> TypedTableSpec {
        switch kind {
        case .diagnosticOrders:
            return TypedTableSpec([
                TypedColumn("diagnostic_id", .int64, nullable: false),
                TypedColumn("patient_id", .int64, nullable: false),
                TypedColumn("referral_id", .int64),
                TypedColumn("encounter_id", .int64),
                TypedColumn("provider_id", .int64, nullable: false),
                TypedColumn("test_type", .string),
                TypedColumn("test_panel", .string),
                TypedColumn("request_date", .date, nullable: false),
                TypedColumn("performed_date", .date),
                TypedColumn("result_date", .date),
                TypedColumn("result_flag", .string),
            ])
        case .providerWorkbook:
            let text = [
                "provider_code", "site_name", "provider_type", "parent_trust_name", "ics_region", "address_line_1", "city",
                "postcode", "postcode_sector", "lsoa_code",
            ]
            let moreText = ["site_status"]
            let tail = ["size_band", "opening_hours", "service_lines", "site_manager_name", "site_manager_email"]
            return TypedTableSpec(
                [TypedColumn("provider_id", .int64, nullable: false)] + text.map { TypedColumn($0, .string) }
                    + [TypedColumn("is_main_site", .boolean)] + moreText.map { TypedColumn($0, .string) }
                    + [TypedColumn("has_ed", .boolean), TypedColumn("has_inpatient_beds", .boolean)]
                    + tail.map { TypedColumn($0, .string) })
        case .lsoaImdLookup:
            return TypedTableSpec([
                TypedColumn("lsoa_code", .string, nullable: false),
                TypedColumn("imd_decile", .int32, nullable: false),
                TypedColumn("imd_rank", .int64),
                TypedColumn("population", .int64),
            ])
        case .ethnicityCodeMapping:
            return TypedTableSpec([
                TypedColumn("ethnicity_label", .string),
                TypedColumn("ethnicity_code", .string, nullable: false),
                TypedColumn("ethnicity_description", .string),
                TypedColumn("ethnicity_group", .string),
            ])
        }
    }
}
