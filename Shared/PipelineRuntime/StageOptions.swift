import ArgumentParser
import PipelineContracts

/// The flags every stage accepts; each mirrors an environment variable (ARCHITECTURE §8).
package struct StageOptions: ParsableArguments {
    @Option(name: .customLong("lake-url"), help: "LAKE_URL: file:///path (default file://./lake) or s3://bucket/prefix.")
    package var lakeURL: String?

    @Option(name: .customLong("environment"), help: "ENVIRONMENT recorded in manifests (dev, prod, …).")
    package var environment: String?

    @Option(name: .customLong("log-level"), help: "LOG_LEVEL: trace, debug, info (default), notice, warning, error.")
    package var logLevel: String?

    @Option(help: "Business date(s) to run, YYYY-MM-DD or FIRST..LAST. Default: resume from manifests.")
    package var date: String?

    @Flag(help: "Run even when the latest manifest for the date already succeeded.")
    package var force = false

    package init() {}

    /// The flag values as environment-variable overrides.
    package var overrides: [String: String] {
        var values: [String: String] = [:]
        values["LAKE_URL"] = lakeURL
        values["ENVIRONMENT"] = environment
        values["LOG_LEVEL"] = logLevel
        return values
    }

    /// The dates named by `--date`, or nil for resume.
    package func dates() throws -> [BusinessDate]? {
        guard let date else { return nil }
        if let range = date.range(of: "..") {
            let first = try BusinessDate(iso: String(date[..<range.lowerBound]))
            let last = try BusinessDate(iso: String(date[range.upperBound...]))
            guard last >= first, last.daysSinceEpoch - first.daysSinceEpoch < 3660 else {
                throw ValidationError("--date range must be FIRST..LAST with FIRST ≤ LAST (at most 10 years)")
            }
            return first.through(last)
        }
        return [try BusinessDate(iso: date)]
    }
}
