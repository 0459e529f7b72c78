/// How a stage's run ended, as recorded in its manifest.
package enum RunStatus: String, Sendable, Hashable, Codable, CaseIterable {
    /// Every output is durable and listed; downstream may read it.
    case succeeded
    /// The run failed; its outputs (if any) are never read.
    case failed
    /// The run found nothing to do for an auditable reason (e.g. the source has not published the date).
    case skipped
}
