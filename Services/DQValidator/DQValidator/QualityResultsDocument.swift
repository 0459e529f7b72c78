import Foundation
import PipelineContracts

/// `results.json`: a ``DataQualityReport`` (decodable as one) with per-result extras and run facts.
package struct QualityResultsDocument: Sendable, Encodable {
    package var report: DataQualityReport
    package var evaluated: [EvaluatedExpectation]
    package var runID: RunID
    package var generatedAt: Date

    package init(report: DataQualityReport, evaluated: [EvaluatedExpectation], runID: RunID, generatedAt: Date) {
        self.report = report
        self.evaluated = evaluated
        self.runID = runID
        self.generatedAt = generatedAt
    }

    /// True when no error-severity expectation failed.
    package var passed: Bool { report.passed }

    private enum CodingKeys: String, CodingKey {
        case reportVersion = "report_version", layer, asOf = "as_of", snapshot, results, passed, runID = "run_id"
        case generatedAt = "generated_at", summary
    }

    private struct Summary: Encodable {
        var expectations: Int
        var failedError: Int
        var failedWarn: Int
        enum CodingKeys: String, CodingKey { case expectations, failedError = "failed_error", failedWarn = "failed_warn" }
    }

    package func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(report.reportVersion, forKey: .reportVersion)
        try container.encode(report.layer, forKey: .layer)
        try container.encode(report.asOf, forKey: .asOf)
        try container.encode(report.snapshot, forKey: .snapshot)
        try container.encode(evaluated, forKey: .results)
        try container.encode(passed, forKey: .passed)
        try container.encode(runID, forKey: .runID)
        try container.encode(generatedAt, forKey: .generatedAt)
        try container.encode(
            Summary(
                expectations: evaluated.count,
                failedError: evaluated.filter { !$0.result.passed && $0.result.severity == .error }.count,
                failedWarn: evaluated.filter { !$0.result.passed && $0.result.severity == .warn }.count), forKey: .summary)
    }
}
