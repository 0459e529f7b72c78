import PipelineTesting

/// How hard the reliability suite pushes: `RELIABILITY_KILLS_PER_STAGE` faults per stage (kills, disk sizes,
/// concurrent rounds). CI leaves it unset and gets a bounded run; `docker/local/reliability --full` raises it.
enum ReliabilityBudget {
    /// The default when the variable is unset or not a positive number: small enough for every CI run.
    static let ciDefault = 3

    static var faultsPerStage: Int {
        let text = LocalStackEnvironment.current["RELIABILITY_KILLS_PER_STAGE"] ?? ""
        guard let value = Int(text), value > 0 else { return ciDefault }
        return min(value, 200)
    }
}
