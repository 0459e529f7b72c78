import ArgumentParser
import Foundation
import Logging
import PipelineRuntime
import Pseudonymiser

@main
struct PseudonymiserCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pseudonymiser", abstract: "The privacy gateway: pseudonymise person-level Bronze, or serve the HMAC UDF.",
        subcommands: [Run.self, Serve.self, StatusCommand.self], defaultSubcommand: Run.self)

    struct Run: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Pseudonymise every business date whose daily ingests have all succeeded (or --date).")
        @OptionGroup var options: StageOptions
        @Option(name: .customLong("pseudonym-key-file"), help: "PSEUDONYM_KEY_FILE: file holding the HMAC key (≥ 32 bytes). Or set PSEUDONYM_KEY / PSEUDONYM_KEY_SECRET_ID.")
        var keyFile: String?
        @Option(name: .customLong("pseudonym-key-secret-id"), help: "PSEUDONYM_KEY_SECRET_ID: Secrets Manager id of the key (JSON {\"key\": …} or a plain string).")
        var keySecretID: String?

        func run() async throws {
            let overrides = ["PSEUDONYM_KEY_FILE": keyFile, "PSEUDONYM_KEY_SECRET_ID": keySecretID].compactMapValues { $0 }
            await StageEntryPoint.run(stage: .pseudonymiser, options: options, overrides: overrides) { settings, logger in
                PseudonymiserJob(
                    configuration: try await PseudonymiserConfiguration(settings: settings, secretStore: nil),
                    logger: logger)
            }
        }
    }

    struct Serve: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Serve the Redshift Lambda-UDF batch contract over HTTP (or as a Lambda runtime when AWS_LAMBDA_RUNTIME_API is set).")
        @Option(help: "PSEUDONYMISER_PORT: TCP port (default 8080).") var port: Int?
        @Option(help: "PSEUDONYMISER_BIND: listen address (default 127.0.0.1).") var bind: String?
        @Option(name: .customLong("max-request-bytes"), help: "PSEUDONYMISER_MAX_REQUEST_BYTES: largest accepted body (default 6 MiB).")
        var maxRequestBytes: Int?
        @Option(name: .customLong("pseudonym-key-file"), help: "PSEUDONYM_KEY_FILE: file holding the HMAC key (≥ 32 bytes).")
        var keyFile: String?
        @Option(name: .customLong("pseudonym-key-secret-id"), help: "PSEUDONYM_KEY_SECRET_ID: Secrets Manager id of the key.")
        var keySecretID: String?
        @Option(name: .customLong("log-level"), help: "LOG_LEVEL: trace, debug, info (default), notice, warning, error.")
        var logLevel: String?

        func run() async throws {
            var overrides: [String: String] = [:]
            overrides["PSEUDONYMISER_PORT"] = port.map(String.init)
            overrides["PSEUDONYMISER_BIND"] = bind
            overrides["PSEUDONYMISER_MAX_REQUEST_BYTES"] = maxRequestBytes.map(String.init)
            overrides["PSEUDONYM_KEY_FILE"] = keyFile
            overrides["PSEUDONYM_KEY_SECRET_ID"] = keySecretID
            overrides["LOG_LEVEL"] = logLevel
            let settings = Settings(overrides: overrides)
            let level: Logger.Level
            do {
                level = try PipelineLogging.level(settings.string("LOG_LEVEL"))
            } catch {
                throw ExitCode(ExitStatus.usage.rawValue)
            }
            PipelineLogging.bootstrap(stage: "pseudonymiser", level: level)
            let logger = Logger(label: "pseudonymiser")
            let status = await UDFService.run(settings: settings, logger: logger)
            if status != .success { throw ExitCode(status.rawValue) }
        }
    }
}
