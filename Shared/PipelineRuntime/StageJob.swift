import Logging
import PipelineContracts

/// What a stage does, as seen by the shared ``StageRunner``.
///
/// A job says which (scope, date) pairs it would run and performs one run; the runner owns everything
/// else: idempotent skip, run ids, manifests (written last), logging events, signals and exit codes.
package protocol StageJob: Sendable {
    /// The stage this job implements.
    var stage: StageName { get }

    /// The scopes a run for `date` covers when the operator names the date (`--date`).
    func scopes(for date: BusinessDate) async throws -> [LakeName]

    /// Resume (no `--date`): the (scope, date) pairs still to do, in the order to run them, worked out from
    /// manifests (and, for ingest, from what the source has published) — never from cursor files.
    func pendingWork(manifests: ManifestStore, logger: Logger) async throws -> [StageWorkItem]

    /// Performs one run. Write outputs through `context.publish…`; the runner writes the manifest after.
    ///
    /// - Returns: `.succeeded`, or `.skipped(reason:)` when there is nothing to do for an auditable reason.
    /// - Throws: ``StageError`` (`.blocked` for a gate, `.failure` otherwise) or any error (recorded as a failure).
    func run(context: RunContext) async throws -> StageOutcome
}

/// One unit of work: a scope on a business date.
package struct StageWorkItem: Sendable, Hashable {
    package var scope: LakeName
    package var date: BusinessDate

    package init(scope: LakeName, date: BusinessDate) {
        self.scope = scope
        self.date = date
    }
}

/// How a run ended, when it did not throw.
package enum StageOutcome: Sendable, Equatable {
    case succeeded
    /// Nothing to do, for a reason worth auditing (a `skipped` manifest is written).
    case skipped(reason: String)
}
