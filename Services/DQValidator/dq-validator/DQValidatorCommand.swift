import ArgumentParser
import DQValidator
import PipelineRuntime

@main
struct DQValidatorCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dq-validator", abstract: "Blocking data-quality gate for a Silver or Gold snapshot.",
        subcommands: [Run.self, StatusCommand.self], defaultSubcommand: Run.self)

    struct Run: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Validate the transform-runner snapshot of a layer; exit 1 (dq_failed) when an error-severity expectation fails.")
        @OptionGroup var options: StageOptions
        @Option(name: .customLong("layer"), help: "DQ_LAYER: silver or gold.") var layer: String?
        @Option(name: .customLong("suites-dir"), help: "DQ_SUITES_DIR: folder with silver/*.yaml and gold/*.yaml (default: bundled suites).")
        var suitesDirectory: String?

        func run() async throws {
            await StageEntryPoint.run(
                stage: .dqValidator, options: options,
                overrides: ["DQ_LAYER": layer, "DQ_SUITES_DIR": suitesDirectory].compactMapValues { $0 }
            ) { settings, logger in
                try DQValidatorJob(configuration: DQValidatorConfiguration(settings: settings), logger: logger)
            }
        }
    }
}
