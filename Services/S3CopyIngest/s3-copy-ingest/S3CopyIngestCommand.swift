import ArgumentParser
import PipelineContracts
import PipelineRuntime
import S3CopyIngest

@main
struct S3CopyIngestCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "s3-copy-ingest",
        abstract: "Copy the Trust's S3 exports (diagnostics orders, reference data) for a business date into Bronze.",
        subcommands: [Run.self, StatusCommand.self], defaultSubcommand: Run.self)

    struct Run: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Ingest pending (or the given) export dates.")

        @OptionGroup var options: StageOptions

        @Option(name: .customLong("trust-bucket-url"), help: "TRUST_BUCKET_URL: s3://bucket/prefix of the Trust's exports.")
        var trustBucketURL: String?

        @Option(name: .customLong("copy-mode"), help: "S3_COPY_MODE: auto (default), server-side or stream.")
        var copyMode: String?

        func run() async throws {
            let overrides = ["TRUST_BUCKET_URL": trustBucketURL, "S3_COPY_MODE": copyMode].compactMapValues { $0 }
            await StageEntryPoint.run(stage: .s3CopyIngest, options: options, overrides: overrides) { settings, logger in
                let configuration = try S3CopyIngestConfiguration(settings: settings)
                let trust = try LakeConnection.open(url: configuration.trustBucketURL, settings: settings, logger: logger)
                return S3CopyIngestJob(configuration: configuration, trust: trust)
            }
        }
    }
}
