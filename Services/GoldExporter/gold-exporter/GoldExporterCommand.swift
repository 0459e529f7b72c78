import ArgumentParser
import GoldExporter
import PipelineRuntime

@main
struct GoldExporterCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gold-exporter", abstract: "Export a validated Gold snapshot with disclosure control and a static dashboard.",
        subcommands: [Run.self, StatusCommand.self], defaultSubcommand: Run.self)

    struct Run: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Export Gold for a date whose Gold DQ run succeeded; exit 3 when the gate has not passed.")
        @OptionGroup var options: StageOptions
        @Option(name: .customLong("export-url"), help: "EXPORT_URL: file:///path or s3://bucket/prefix of the export location.") var exportURL: String?
        @Option(name: .customLong("export-kms-key-id"), help: "EXPORT_KMS_KEY_ID: SSE-KMS key for S3 export writes.") var exportKMSKeyID: String?
        @Option(name: .customLong("suppression-threshold"), help: "SUPPRESSION_THRESHOLD: smallest publishable count (default 5).") var threshold: String?
        @Option(name: .customLong("suppression-rounding"), help: "SUPPRESSION_ROUNDING: when > 1, published counts must be multiples of it (default 0 = off).")
        var rounding: String?
        @Option(name: .customLong("export-person-level"), help: "EXPORT_PERSON_LEVEL: also export person-level tables (default false).") var personLevel: String?

        func run() async throws {
            let overrides = [
                "EXPORT_URL": exportURL, "EXPORT_KMS_KEY_ID": exportKMSKeyID, "SUPPRESSION_THRESHOLD": threshold,
                "SUPPRESSION_ROUNDING": rounding, "EXPORT_PERSON_LEVEL": personLevel,
            ].compactMapValues { $0 }
            await StageEntryPoint.run(stage: .goldExporter, options: options, overrides: overrides) { settings, logger in
                try GoldExporterJob(configuration: GoldExporterConfiguration(settings: settings), settings: settings, logger: logger)
            }
        }
    }
}
