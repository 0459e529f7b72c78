import Foundation
import Logging
import PipelineContracts
import PipelineRuntime

/// The lake files one run loads, found only through succeeded upstream manifests (never by listing data).
package struct TransformInputs: Sendable {
    /// One file of an input with the lineage to stamp on its rows (nil for Silver tables read by Gold, which
    /// carry their own lineage columns).
    package struct File: Sendable {
        package var output: ManifestOutput
        package var lineage: InputLineage?
    }

    /// Source name → files, loaded into `src_<name>`.
    package var sources: [String: [File]] = [:]
    /// Dataset → files of the previous Silver snapshot, loaded into `prev_<dataset>`.
    package var previous: [String: [ManifestOutput]] = [:]
    /// The previous Silver snapshot, when the run builds on one.
    package var previousManifest: RunManifest?

    package init() {}

    /// Silver as of D: every pseudonymised date after the previous snapshot (all dates with `fullRefresh`), the
    /// latest reference data on or before D, and the previous snapshot.
    ///
    /// - Throws: ``StageError`` `.blocked` (`upstream_missing`) when D, or a date between the previous snapshot
    ///   and D, has no succeeded pseudonymiser run, or no reference data exists yet.
    package static func silver(context: RunContext, fullRefresh: Bool, wanted: Set<String>) async throws -> TransformInputs {
        let manifests = context.manifests
        let date = context.businessDate
        var inputs = TransformInputs()
        let upstream = PipelineGraph.pseudonymise
        if !fullRefresh {
            inputs.previousManifest = try await manifests.latestSucceeded(
                stage: PipelineGraph.silver.stage, scope: PipelineGraph.silver.scope, onOrBefore: date.previous)
        }
        let succeeded = Set(try await manifests.succeededDates(stage: upstream.stage, scope: upstream.scope))
        guard succeeded.contains(date) else {
            throw StageError.blocked("upstream_missing", "no succeeded pseudonymiser run for \(date)")
        }
        let dates: [BusinessDate]
        if let previous = inputs.previousManifest {
            dates = previous.businessDate.next.through(date)
            if let gap = dates.first(where: { !succeeded.contains($0) }) {
                throw StageError.blocked(
                    "upstream_missing", "no succeeded pseudonymiser run for \(gap), between the previous Silver snapshot (\(previous.businessDate)) and \(date)")
            }
        } else {
            dates = succeeded.filter { $0 <= date }.sorted()
        }
        for day in dates {
            guard let manifest = try await manifests.latestSucceeded(stage: upstream.stage, scope: upstream.scope, date: day) else {
                throw StageError.blocked("upstream_missing", "no succeeded pseudonymiser run for \(day)")
            }
            context.recordInput(manifest.asInput)
            inputs.add(manifest, wanted: wanted, lineage: true)
        }
        let reference = PipelineGraph.referenceIngest
        guard let referenceManifest = try await manifests.latestSucceeded(stage: reference.stage, scope: reference.scope, onOrBefore: date) else {
            throw StageError.blocked("upstream_missing", "no succeeded reference data on or before \(date)")
        }
        context.recordInput(referenceManifest.asInput)
        inputs.add(referenceManifest, wanted: wanted, lineage: true)
        if let previous = inputs.previousManifest {
            context.recordInput(previous.asInput)
            for output in previous.outputs { inputs.previous[output.dataset, default: []].append(output) }
        }
        return inputs
    }

    /// Gold as of D: the latest succeeded Silver snapshot for D, provided the latest Silver DQ run for D succeeded
    /// and validated exactly that snapshot.
    ///
    /// - Throws: ``StageError`` `.blocked`: `upstream_dq_missing` (no DQ run, or it validated another Silver run)
    ///   or `upstream_dq_failed` (the latest DQ run failed, was skipped or is unreadable); `upstream_missing`
    ///   when there is no succeeded Silver snapshot.
    package static func gold(context: RunContext, wanted: Set<String>) async throws -> TransformInputs {
        let manifests = context.manifests
        let date = context.businessDate
        guard let silver = try await manifests.latestSucceeded(stage: PipelineGraph.silver.stage, scope: PipelineGraph.silver.scope, date: date) else {
            throw StageError.blocked("upstream_missing", "no succeeded Silver snapshot as of \(date)")
        }
        let quality = PipelineGraph.silverQuality
        switch try await manifests.latest(stage: quality.stage, scope: quality.scope, date: date) {
        case .none:
            throw StageError.blocked("upstream_dq_missing", "no Silver data-quality run as of \(date)")
        case .unreadable:
            throw StageError.blocked("upstream_dq_failed", "the latest Silver data-quality manifest for \(date) is unreadable")
        case .manifest(let dq):
            guard dq.status == .succeeded else {
                throw StageError.blocked("upstream_dq_failed", "the latest Silver data-quality run for \(date) is \(dq.status.rawValue)")
            }
            let validated = dq.inputs.contains {
                $0.kind == "manifest" && $0.stage == silver.stage && $0.scope == silver.scope.description && $0.runID == silver.runID
            }
            guard validated else {
                throw StageError.blocked(
                    "upstream_dq_missing", "the Silver data-quality run for \(date) did not validate Silver run \(silver.runID)")
            }
            context.recordInput(dq.asInput)
        }
        context.recordInput(silver.asInput)
        var inputs = TransformInputs()
        inputs.add(silver, wanted: wanted, lineage: false)
        for name in wanted where inputs.sources[name] == nil {
            throw TransformError(.inputMissing, "Silver run \(silver.runID) lists no dataset \(name)")
        }
        return inputs
    }

    private mutating func add(_ manifest: RunManifest, wanted: Set<String>, lineage: Bool) {
        for output in manifest.outputs where wanted.contains(output.dataset) {
            sources[output.dataset, default: []].append(
                File(output: output, lineage: lineage ? InputLineage(businessDate: manifest.businessDate, runID: manifest.runID) : nil))
        }
    }
}
