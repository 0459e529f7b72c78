import ArgumentParser
import Foundation
import Logging
import PipelineContracts

#if canImport(Glibc)
    import Glibc
#endif

/// The body of every stage's `run` subcommand: configure, bootstrap logging, run, exit with the shared codes.
package enum StageEntryPoint {
    /// Runs the job built by `makeJob` and terminates the process with the stage exit code.
    ///
    /// - Parameters:
    ///   - stage: the stage (also the log `stage` field).
    ///   - options: the common flags.
    ///   - overrides: the service's own flags, keyed by environment variable name.
    ///   - makeJob: builds the job from settings; a thrown ``StageError`` (configuration) exits 2.
    package static func run<Job: StageJob>(
        stage: StageName, options: StageOptions, overrides: [String: String] = [:],
        makeJob: (Settings, Logger) async throws -> Job
    ) async -> Never {
        let settings = Settings(overrides: options.overrides.merging(overrides) { $1 })
        let level: Logger.Level
        do {
            level = try PipelineLogging.level(settings.string("LOG_LEVEL"))
        } catch {
            FileHandle.standardError.write(Data("\(stage): \(error)\n".utf8))
            exit(ExitStatus.usage.rawValue)
        }
        PipelineLogging.bootstrap(stage: stage.rawValue, level: level)
        let logger = Logger(label: stage.rawValue)
        let status = await execute(stage: stage, options: options, settings: settings, logger: logger, makeJob: makeJob)
        exit(status.rawValue)
    }

    /// The testable part of ``run(stage:options:overrides:makeJob:)``: returns the exit status instead of exiting.
    package static func execute<Job: StageJob>(
        stage: StageName, options: StageOptions, settings: Settings, logger: Logger,
        makeJob: (Settings, Logger) async throws -> Job
    ) async -> ExitStatus {
        let job: Job
        let runner: StageRunner
        do {
            let dates = try options.dates()
            let lake = try LakeConnection.lake(settings: settings, logger: logger)
            job = try await makeJob(settings, logger)
            runner = StageRunner(
                lake: lake, settings: settings, logger: logger,
                options: StageRunner.Options(dates: dates, force: options.force, environment: settings.string("ENVIRONMENT", default: "dev")))
        } catch {
            let stageError = StageRunner.classify(error)
            logger.error("configuration error: \(stageError.message)", metadata: ["event": "configuration_error", "error.code": "\(stageError.code)"])
            return .usage
        }
        let watcher = SignalWatcher { name in await runner.recordInterruption(signal: name) }
        let summary = await runner.execute(job)
        withExtendedLifetime(watcher) {}
        logger.info(
            "finished: \(summary.succeeded.count) succeeded, \(summary.alreadyDone.count) already done, \(summary.skipped.count) skipped, \(summary.failed.count) failed, \(summary.blocked.count) blocked",
            metadata: ["event": "stage_finished", "exit_code": "\(summary.exitStatus.rawValue)"])
        return summary.exitStatus
    }
}
