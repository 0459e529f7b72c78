import ArgumentParser
import Logging
import PipelineRuntime
import TransformRunner

@main
struct TransformRunnerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "transform-runner", abstract: "Build Silver or Gold from SQL models in a private warehouse schema.",
        subcommands: [Run.self, StatusCommand.self], defaultSubcommand: Run.self)

    struct Run: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Build one layer for the given or pending business dates.")
        @OptionGroup var options: StageOptions
        @Option(help: "TRANSFORM_LAYER: silver or gold (required; each layer is its own stage scope).") var layer: String?
        @Option(name: .customLong("warehouse-url"), help: "WAREHOUSE_URL (or _FILE / _SECRET_ID): libpq URI of the warehouse.")
        var warehouseURL: String?
        @Option(name: .customLong("models-dir"), help: "TRANSFORM_MODELS_DIR: folder with models/ and seeds/ (default: bundled).")
        var modelsDir: String?
        @Flag(name: .customLong("full-refresh"), help: "TRANSFORM_FULL_REFRESH: rebuild Silver from every upstream manifest.")
        var fullRefresh = false
        @Option(help: "Development only: build these models (and what they need) for --date, print row counts, publish nothing.")
        var select: String?

        func run() async throws {
            var overrides = ["TRANSFORM_LAYER": layer, "WAREHOUSE_URL": warehouseURL, "TRANSFORM_MODELS_DIR": modelsDir]
                .compactMapValues { $0 }
            if fullRefresh { overrides["TRANSFORM_FULL_REFRESH"] = "true" }
            let selection = select.map { $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } }
            if let selection {
                let settings = Settings(overrides: options.overrides.merging(overrides) { $1 })
                PipelineLogging.bootstrap(stage: "transform-runner", level: (try? PipelineLogging.level(settings.string("LOG_LEVEL"))) ?? .info)
                let status = await TransformPreview.execute(
                    settings: settings, date: try options.dates()?.first, selection: selection, logger: Logger(label: "transform-runner")
                ) { print($0) }
                throw ExitCode(status.rawValue)
            }
            await StageEntryPoint.run(stage: .transformRunner, options: options, overrides: overrides) { settings, logger in
                try TransformRunnerJob(configuration: try await TransformRunnerConfiguration(settings: settings), logger: logger)
            }
        }
    }
}
