import Foundation
import Synchronization

/// Counts what a reliability test did and prints it in the one format `docker/local/reliability` sums up:
///
/// ```
/// RELIABILITY suite=<name> faults=<injected> invariants=<checked> violations=<broken>
/// ```
///
/// A violation is also recorded as a test issue by the caller; the figure line is for the summary.
final class ReliabilityFigures: Sendable {
    let suite: String
    private let counts = Mutex<(faults: Int, invariants: Int, violations: Int)>((0, 0, 0))

    init(suite: String) { self.suite = suite }

    /// One fault injected (a kill, a full disk, a hostile input, a concurrent twin…).
    func fault(_ count: Int = 1) { counts.withLock { $0.faults += count } }

    /// One invariant checked; returns `held` so callers can write `#expect(figures.check(x == y), "…")`.
    @discardableResult
    func check(_ held: Bool) -> Bool {
        counts.withLock {
            $0.invariants += 1
            if !held { $0.violations += 1 }
        }
        return held
    }

    var violations: Int { counts.withLock { $0.violations } }

    /// The figure line, printed on stdout.
    func report() {
        let c = counts.withLock { $0 }
        print("RELIABILITY suite=\(suite) faults=\(c.faults) invariants=\(c.invariants) violations=\(c.violations)")
    }
}
