import Foundation
import Logging
import ObjectStore
import Parquet
import PipelineContracts
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// Runs a ``StageJob`` with the rules every stage shares (ARCHITECTURE §5 and §8).
///
/// For each (scope, date): skip when the latest manifest already succeeded (unless forced); otherwise run
/// under a fresh UUIDv7 run id, then write the manifest **last** (create-only). A failure writes a failed
/// manifest and stops (later dates are not attempted out of order); a gate block writes nothing and exits 3.
/// SIGTERM/SIGINT record a failed (`interrupted`) manifest for the run in progress and exit promptly.
package final class StageRunner: Sendable {
    package struct Options: Sendable {
        package var dates: [BusinessDate]?
        package var force: Bool
        package var environment: String
        package var codeVersion: String

        package init(dates: [BusinessDate]? = nil, force: Bool = false, environment: String = "dev", codeVersion: String = PipelineVersion.current) {
            self.dates = dates
            self.force = force
            self.environment = environment
            self.codeVersion = codeVersion
        }
    }

    /// What a whole invocation did.
    package struct Summary: Sendable, Equatable {
        package var succeeded: [StageWorkItem] = []
        package var skipped: [StageWorkItem] = []
        package var alreadyDone: [StageWorkItem] = []
        package var failed: [StageWorkItem] = []
        package var blocked: [StageWorkItem] = []
        package var exitStatus: ExitStatus = .success
    }

    private let lake: any ObjectStore
    private let settings: Settings
    private let logger: Logger
    private let options: Options
    private let scratchRoot: String
    private let current = Mutex<InFlight?>(nil)

    private struct InFlight: Sendable {
        var context: RunContext
        var startedAt: Date
    }

    package init(lake: any ObjectStore, settings: Settings, logger: Logger, options: Options, scratchRoot: String = NSTemporaryDirectory()) {
        self.lake = lake
        self.settings = settings
        self.logger = logger
        self.options = options
        self.scratchRoot = scratchRoot
    }

    /// Runs every work item in order and returns what happened.
    package func execute(_ job: some StageJob) async -> Summary {
        var summary = Summary()
        let manifests = ManifestStore(lake: lake)
        let items: [StageWorkItem]
        do {
            if let dates = options.dates {
                var explicit: [StageWorkItem] = []
                for date in dates {
                    for scope in try await job.scopes(for: date) { explicit.append(StageWorkItem(scope: scope, date: date)) }
                }
                items = explicit
            } else {
                items = try await job.pendingWork(manifests: manifests, logger: logger)
            }
        } catch {
            let stageError = StageRunner.classify(error)
            logger.error("cannot work out what to run: \(stageError.message)", metadata: ["event": stageError.kind == .blocked ? "run_blocked" : "run_failed", "error.code": "\(stageError.code)"])
            summary.exitStatus = stageError.kind == .configuration ? .usage : stageError.kind == .blocked ? .blocked : .failed
            return summary
        }
        if items.isEmpty {
            logger.info("nothing to do", metadata: ["event": "nothing_to_do"])
        }
        for item in items {
            let status = await runOne(job, item: item, manifests: manifests, summary: &summary)
            if status != .success {
                summary.exitStatus = status
                break
            }
        }
        return summary
    }

    private func runOne(_ job: some StageJob, item: StageWorkItem, manifests: ManifestStore, summary: inout Summary) async -> ExitStatus {
        var log = logger
        log[metadataKey: "business_date"] = "\(item.date)"
        log[metadataKey: "scope"] = "\(item.scope)"
        if !options.force {
            do {
                switch try await manifests.latest(stage: job.stage, scope: item.scope, date: item.date) {
                case .manifest(let manifest) where manifest.status == .succeeded:
                    log.info("already succeeded; skipping", metadata: ["event": "run_skipped", "previous_run_id": "\(manifest.runID)"])
                    summary.alreadyDone.append(item)
                    return .success
                case .unreadable(let key, let reason):
                    log.warning("latest manifest is unreadable; treating as not succeeded", metadata: ["event": "manifest_unreadable", "lake.key": "\(key)", "reason": "\(reason)"])
                default:
                    break
                }
            } catch {
                log.error("cannot read manifests: \(error)", metadata: ["event": "run_failed", "error.code": "lake_unavailable"])
                return .failed
            }
        }
        let runID = RunID.generate()
        log[metadataKey: "run_id"] = "\(runID)"
        let scratch = scratchRoot + "/\(job.stage)-\(runID)"
        try? FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        let context = RunContext(
            stage: job.stage, scope: item.scope, businessDate: item.date, runID: runID, lake: lake, settings: settings,
            logger: log, scratch: scratch)
        let startedAt = Date()
        current.withLock { $0 = InFlight(context: context, startedAt: startedAt) }
        defer { current.withLock { $0 = nil } }
        log.info("run started", metadata: ["event": "run_started"])
        do {
            let outcome = try await job.run(context: context)
            switch outcome {
            case .succeeded:
                try await manifests.write(manifest(for: context, status: .succeeded, startedAt: startedAt))
                log.info("run succeeded", metadata: ["event": "run_succeeded", "outputs": "\(context.outputs.count)", "rows": "\(context.outputs.reduce(0) { $0 + $1.rows })"])
                summary.succeeded.append(item)
            case .skipped(let reason):
                try await manifests.write(manifest(for: context, status: .skipped, startedAt: startedAt, errors: [ManifestError(code: "skipped", message: reason)]))
                log.info("run skipped: \(reason)", metadata: ["event": "run_skipped", "reason": "\(reason)"])
                summary.skipped.append(item)
            }
            return .success
        } catch {
            let stageError = StageRunner.classify(error)
            switch stageError.kind {
            case .configuration:
                log.error("\(stageError.message)", metadata: ["event": "run_failed", "error.code": "\(stageError.code)"])
                return .usage
            case .blocked:
                log.warning("\(stageError.message)", metadata: ["event": "run_blocked", "error.code": "\(stageError.code)"])
                summary.blocked.append(item)
                return .blocked
            case .failure:
                if let detail = stageError.detail { log.debug("failure detail: \(detail)") }
                let failed = manifest(for: context, status: .failed, startedAt: startedAt, errors: [ManifestError(code: stageError.code, message: stageError.message)])
                do {
                    try await manifests.write(failed)
                } catch {
                    log.error("cannot record the failed manifest: \(error)", metadata: ["event": "manifest_write_failed"])
                }
                log.error("run failed: \(stageError.message)", metadata: ["event": "run_failed", "error.code": "\(stageError.code)"])
                summary.failed.append(item)
                return .failed
            }
        }
    }

    private func manifest(for context: RunContext, status: RunStatus, startedAt: Date, errors: [ManifestError] = []) -> RunManifest {
        RunManifest(
            stage: context.stage, scope: context.scope, businessDate: context.businessDate, runID: context.runID, status: status,
            startedAt: startedAt, finishedAt: Date(), environment: options.environment, codeVersion: options.codeVersion,
            inputs: context.inputs, outputs: status == .succeeded ? context.outputs : [], errors: errors, metrics: context.metrics)
    }

    /// Records the in-flight run as failed (`interrupted`). Called on SIGTERM/SIGINT; returns once recorded.
    package func recordInterruption(signal name: String) async {
        guard let inFlight = current.withLock({ $0 }) else { return }
        let failed = manifest(
            for: inFlight.context, status: .failed, startedAt: inFlight.startedAt,
            errors: [ManifestError(code: "interrupted", message: "received \(name) before the run finished")])
        do {
            try await ManifestStore(lake: lake).write(failed)
            inFlight.context.logger.error("run interrupted by \(name)", metadata: ["event": "run_failed", "error.code": "interrupted"])
        } catch {
            inFlight.context.logger.error("interrupted by \(name); the run had already recorded its outcome or the lake is unavailable: \(error)", metadata: ["event": "run_failed"])
        }
    }

    /// Maps any error to a stage error with a stable code and a safe message.
    package static func classify(_ error: any Error) -> StageError {
        switch error {
        case let error as StageError: return error
        case let error as ObjectStoreError: return StageError("lake_\(error.code)", error.description)
        case let error as ParquetError: return StageError("parquet_error", error.description)
        case let error as ContractError: return StageError("contract_\(error.code)", error.description)
        case is CancellationError: return StageError("interrupted", "the run was cancelled")
        default: return StageError("internal_error", "\(type(of: error)): \(error)")
        }
    }
}

/// The version recorded in manifests: `CODE_VERSION` (set by the image build) or the package version.
package enum PipelineVersion {
    package static let current = ProcessInfo.processInfo.environment["CODE_VERSION"] ?? "0.1.0"
}
