import PipelineRuntime

/// What `gold-exporter run` needs.
///
/// ## Configuration keys
/// - `EXPORT_URL` (`--export-url`): where dashboards read the export — a path / `file://` URL or `s3://bucket/prefix` (required).
/// - `EXPORT_KMS_KEY_ID` (`--export-kms-key-id`): SSE-KMS key for S3 export writes (optional).
/// - `SUPPRESSION_THRESHOLD` (`--suppression-threshold`): smallest publishable count, default 5.
/// - `SUPPRESSION_ROUNDING` (`--suppression-rounding`): when > 1, every published count must be a multiple of it (e.g. 5); default 0 (off).
/// - `EXPORT_PERSON_LEVEL` (`--export-person-level`): also export person-level tables (patient_sk only), default false.
package struct GoldExporterConfiguration: Sendable {
    package var exportURL: String
    package var suppressionThreshold: Int
    package var suppressionRounding: Int
    package var exportPersonLevel: Bool

    package init(exportURL: String, suppressionThreshold: Int = 5, suppressionRounding: Int = 0, exportPersonLevel: Bool = false) {
        self.exportURL = exportURL
        self.suppressionThreshold = suppressionThreshold
        self.suppressionRounding = suppressionRounding
        self.exportPersonLevel = exportPersonLevel
    }

    /// - Throws: ``StageError`` (configuration) for a missing `EXPORT_URL` or out-of-range numbers.
    package init(settings: Settings) throws {
        self.init(
            exportURL: try settings.required("EXPORT_URL"),
            suppressionThreshold: try settings.int("SUPPRESSION_THRESHOLD", default: 5, range: 1...1000),
            suppressionRounding: try settings.int("SUPPRESSION_ROUNDING", default: 0, range: 0...100),
            exportPersonLevel: try settings.bool("EXPORT_PERSON_LEVEL", default: false))
    }
}
