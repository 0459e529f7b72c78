/// The exit codes every stage uses (ARCHITECTURE §8), so ops can tell "blocked" from "broken".
package enum ExitStatus: Int32, Sendable {
    /// Succeeded, skipped, or nothing to do.
    case success = 0
    /// The run failed; a failed manifest was written.
    case failed = 1
    /// Usage or configuration error: nothing was attempted, no manifest.
    case usage = 2
    /// Blocked by a gate (e.g. the upstream data-quality run did not succeed).
    case blocked = 3
}
