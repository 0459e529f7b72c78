import Foundation
import Logging
import PipelineContracts
import ObjectStore
import PipelineRuntime

/// `--select a,b`: a development dry run. Builds the selected models (and the models they depend on) for one
/// date in a throwaway run schema, prints one `model<TAB>rows` line per model to stdout, and publishes nothing:
/// no data file and no manifest, so a partial snapshot can never be mistaken for a succeeded one.
package enum TransformPreview {
    /// Runs the preview and returns the exit status (0 built, 1 failed, 2 configuration, 3 blocked).
    package static func execute(settings: Settings, date: BusinessDate?, selection: [String], logger: Logger, output: (String) -> Void) async -> ExitStatus {
        let job: TransformRunnerJob
        let lake: any ObjectStore
        do {
            guard let date else { throw StageError.configuration("--select needs --date YYYY-MM-DD") }
            job = try TransformRunnerJob(configuration: try await TransformRunnerConfiguration(settings: settings), logger: logger)
            lake = try LakeConnection.lake(settings: settings, logger: logger)
            let runID = RunID.generate()
            let scratch = NSTemporaryDirectory() + "/transform-preview-\(runID)"
            try FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(atPath: scratch) }
            var log = logger
            log[metadataKey: "run_id"] = "\(runID)"
            log[metadataKey: "business_date"] = "\(date)"
            let context = RunContext(
                stage: .transformRunner, scope: job.configuration.layer.node.scope, businessDate: date, runID: runID, lake: lake,
                settings: settings, logger: log, scratch: scratch)
            let counts = try await job.build(context: context, selection: selection, publish: false)
            for (model, rows) in counts { output("\(model)\t\(rows)") }
            return .success
        } catch {
            let stageError = StageRunner.classify(error)
            logger.error("preview failed: \(stageError.message)", metadata: ["event": "preview_failed", "error.code": "\(stageError.code)"])
            switch stageError.kind {
            case .configuration: return .usage
            case .blocked: return .blocked
            case .failure: return .failed
            }
        }
    }
}
