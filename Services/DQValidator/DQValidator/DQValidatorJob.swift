import Foundation
import Logging
import PipelineContracts
import PipelineRuntime

/// The blocking data-quality gate for one layer (ARCHITECTURE §6).
///
/// For business date D it validates the latest succeeded transform-runner snapshot of the layer as of D,
/// records that snapshot manifest as its input, writes `_dq/layer=<l>/as_of=D/run_id=R/results.json` and
/// `report.html`, and fails with `dq_failed` when any error-severity expectation fails, so the downstream
/// stage (Gold, or the export) never sees a succeeded gate for a bad snapshot.
package struct DQValidatorJob: StageJob {
    package let stage: StageName = .dqValidator
    package let configuration: DQValidatorConfiguration
    package let suites: [ExpectationSuite]
    private let logger: Logger

    /// Loads and checks every suite up front: a bad suite is a configuration error (exit 2), found before
    /// any data is read.
    package init(configuration: DQValidatorConfiguration, logger: Logger) throws {
        self.configuration = configuration
        self.logger = logger
        do {
            suites = try SuiteCatalog.load(
                layer: configuration.layer.rawValue, directory: configuration.suitesDirectory, variables: configuration.suiteVariables)
        } catch let error as DQValidatorError {
            throw StageError.configuration(error.message, code: error.code.rawValue)
        }
    }

    package func scopes(for date: BusinessDate) async throws -> [LakeName] { [configuration.layer.node.scope] }

    package func pendingWork(manifests: ManifestStore, logger: Logger) async throws -> [StageWorkItem] {
        let upstream = configuration.layer.snapshotNode
        let own = configuration.layer.node
        return try await manifests.pendingDates(upstream: [(upstream.stage, upstream.scope)], own: (own.stage, own.scope))
            .map { StageWorkItem(scope: own.scope, date: $0) }
    }

    package func run(context: RunContext) async throws -> StageOutcome {
        let layer = configuration.layer
        let node = layer.snapshotNode
        guard let snapshot = try await context.manifests.latestSucceeded(stage: node.stage, scope: node.scope, date: context.businessDate) else {
            throw StageError.blocked(
                "upstream_not_ready", "no succeeded \(node) snapshot as of \(context.businessDate); nothing to validate")
        }
        context.recordInput(snapshot.asInput)
        let started = ContinuousClock.now
        let evaluator = SnapshotEvaluator(suites: suites, asOf: context.businessDate, logger: context.logger)
        let manifests = context.manifests
        let asOf = context.businessDate
        let results = try await evaluator.evaluate(
            snapshot: snapshot, open: { try await context.openParquet($0) },
            upstreamRows: { rule, _ in try await DQValidatorJob.upstreamRows(rule, snapshot: snapshot, asOf: asOf, manifests: manifests) })
        let elapsed = ContinuousClock.now - started

        let report = DataQualityReport(layer: layer.rawValue, asOf: context.businessDate, snapshot: snapshot.asInput, results: results.map(\.result))
        let document = QualityResultsDocument(report: report, evaluated: results, runID: context.runID, generatedAt: Date())
        let area = LakeKey.Area.dataQuality(layer: node.scope, asOf: context.businessDate, run: context.runID)
        let resultsKey = try LakeKey(area, file: "results.json")
        try await context.publish(
            bytes: Array(try ContractJSON.encode(document)), key: resultsKey, dataset: "dq_results", rows: results.count,
            contentType: "application/json")
        try await context.publish(
            bytes: Array(QualityReportPage(document: document).render().utf8), key: try LakeKey(area, file: "report.html"),
            dataset: "dq_report", rows: results.count, contentType: "text/html; charset=utf-8")

        let failedErrors = results.filter { !$0.result.passed && $0.result.severity == .error }
        let failedWarnings = results.filter { !$0.result.passed && $0.result.severity == .warn }
        context.setMetric("dq_expectations", Double(results.count))
        context.setMetric("dq_failed_error", Double(failedErrors.count))
        context.setMetric("dq_failed_warn", Double(failedWarnings.count))
        context.setMetric("dq_tables", Double(Set(results.map(\.result.table)).count))
        context.setMetric("dq_seconds", Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
        guard failedErrors.isEmpty else {
            let names = failedErrors.prefix(8).map { "\($0.result.table).\($0.result.expectation)(\($0.result.columns.joined(separator: ",")))" }
            context.logger.error(
                "data-quality gate failed", metadata: ["event": "dq_gate_failed", "dq.failed_error": "\(failedErrors.count)"])
            throw StageError(
                "dq_failed",
                "\(failedErrors.count) error-severity expectation(s) failed: \(names.joined(separator: ", "))\(failedErrors.count > 8 ? ", …" : ""); results: \(resultsKey)")
        }
        context.logger.info(
            "data-quality gate passed", metadata: ["event": "dq_gate_passed", "dq.failed_warn": "\(failedWarnings.count)"])
        return .succeeded
    }

    /// Rows an upstream manifest recorded for `rule.dataset`.
    ///
    /// The manifest is the one the snapshot names as its input for (stage, scope); failing that, the latest
    /// succeeded one for the as-of date. With `cumulative`, the rows of every succeeded manifest of
    /// (stage, scope) dated on or before the as-of date are summed.
    static func upstreamRows(
        _ rule: UpstreamReconciliation, snapshot: RunManifest, asOf: BusinessDate, manifests: ManifestStore
    ) async throws -> (rows: Int, source: String)? {
        guard let stage = rule.stage, let scope = rule.scope, let dataset = rule.dataset else { return nil }
        if rule.cumulative {
            var total = 0
            var count = 0
            for date in try await manifests.succeededDates(stage: stage, scope: scope) where date <= asOf {
                guard let manifest = try await manifests.latestSucceeded(stage: stage, scope: scope, date: date) else { continue }
                total += manifest.outputs.filter { $0.dataset == dataset }.reduce(0) { $0 + $1.rows }
                count += 1
            }
            return count == 0 ? nil : (total, "\(count) \(stage)/\(scope) manifest(s) through \(asOf)")
        }
        var manifest: RunManifest?
        if let input = snapshot.inputs.first(where: { $0.kind == "manifest" && $0.stage == stage && $0.scope == scope.description }),
            let date = input.businessDate, let run = input.runID
        {
            manifest = try? await manifests.read(key: LakeKey.manifest(stage: stage, scope: scope, date: date, run: run).description)
        }
        if manifest == nil { manifest = try await manifests.latestSucceeded(stage: stage, scope: scope, date: asOf) }
        guard let manifest, manifest.outputs.contains(where: { $0.dataset == dataset }) else { return nil }
        let rows = manifest.outputs.filter { $0.dataset == dataset }.reduce(0) { $0 + $1.rows }
        return (rows, "\(stage)/\(scope) run \(manifest.runID) (\(manifest.businessDate))")
    }
}
