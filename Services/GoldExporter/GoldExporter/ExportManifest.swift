import Foundation
import PipelineContracts

/// `export_date=<D>/_manifest.json`: what one export wrote, so a reader can verify every file.
package struct ExportManifest: Sendable, Hashable, Codable {
    package static let currentVersion = 1

    /// One exported file.
    package struct File: Sendable, Hashable, Codable {
        package var key: String
        package var rows: Int
        package var bytes: Int
        package var sha256: String
    }

    /// One exported table.
    package struct Table: Sendable, Hashable, Codable {
        package var name: String
        package var rows: Int
        package var personLevel: Bool
        package var files: [File]
        enum CodingKeys: String, CodingKey { case name, rows, personLevel = "person_level", files }
    }

    package var exportVersion: Int = ExportManifest.currentVersion
    package var exportDate: BusinessDate
    package var generatedAt: Date
    /// The Gold snapshot and the DQ run that validated it.
    package var goldRun: RunID
    package var dqRun: RunID
    package var exportRun: RunID
    package var suppressionThreshold: Int
    package var suppressionRounding: Int
    package var tables: [Table]
    package var dashboard: File?

    enum CodingKeys: String, CodingKey {
        case exportVersion = "export_version", exportDate = "export_date", generatedAt = "generated_at", goldRun = "gold_run_id"
        case dqRun = "dq_run_id", exportRun = "export_run_id", suppressionThreshold = "suppression_threshold"
        case suppressionRounding = "suppression_rounding", tables, dashboard
    }
}

/// `latest.json`: the pointer a dashboard follows, written after everything it points to.
package struct LatestExportPointer: Sendable, Hashable, Codable {
    package var exportDate: BusinessDate
    package var manifestKey: String
    package var generatedAt: Date

    package init(exportDate: BusinessDate, manifestKey: String, generatedAt: Date) {
        self.exportDate = exportDate
        self.manifestKey = manifestKey
        self.generatedAt = generatedAt
    }

    enum CodingKeys: String, CodingKey { case exportDate = "export_date", manifestKey = "manifest_key", generatedAt = "generated_at" }
}
