import Parquet
import PipelineContracts

/// One Gold table of the validated snapshot, held as its verified Parquet parts.
package struct GoldTable: Sendable {
    /// The ten exported tables (REFERENCE §7.4), in export order.
    package static let allowlist = [
        "dim_date", "dim_ethnicity", "dim_imd", "dim_patient", "dim_site", "dim_specialty", "fct_inequality", "fct_urgent_care",
        "fct_utilisation", "fct_wait_times",
    ]
    /// Tables at person or event grain: exported only with `EXPORT_PERSON_LEVEL=true`.
    package static let personLevel: Set<String> = ["dim_patient", "fct_urgent_care", "fct_utilisation", "fct_wait_times"]

    package var name: String
    package var parts: [(output: ManifestOutput, bytes: [UInt8], reader: ParquetReader)]

    package var isPersonLevel: Bool { GoldTable.personLevel.contains(name) }
    package var rows: Int { parts.reduce(0) { $0 + $1.reader.rowCount } }
    package var columnNames: [String] { parts.first?.reader.schema.columns.map(\.name) ?? [] }

    /// Values of the named columns over all parts (missing columns are absent from the result).
    package func values(_ columns: [String]) throws -> [String: [ParquetValue]] {
        let present = columns.filter { columnNames.contains($0) }
        var result: [String: [ParquetValue]] = [:]
        for part in parts {
            let batch = try part.reader.readAll(columns: present)
            for (index, name) in present.enumerated() { result[name, default: []] += batch.columns[index] }
        }
        return result
    }

    /// Column names that must never leave the platform (source identifiers and quasi-identifiers).
    package static func isForbidden(column: String) -> Bool {
        let name = column.lowercased()
        return name.hasPrefix("nhs_") || name == "patient_id" || name == "date_of_birth" || name.hasPrefix("postcode")
    }
}
