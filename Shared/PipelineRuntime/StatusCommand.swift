import ArgumentParser
import Foundation
import Logging
import PipelineContracts

/// `<stage> status`: the per-date × per-stage matrix from manifests. Exits 1 when a run failed or a stage
/// is stale, so a scheduler or alarm can use it; 2 for configuration errors.
package struct StatusCommand: AsyncParsableCommand {
    package static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Show the state of every stage and business date, read from manifests.")

    @Option(name: .customLong("lake-url"), help: "LAKE_URL: file:///path (default file://./lake) or s3://bucket/prefix.")
    var lakeURL: String?

    @Flag(help: "Print JSON instead of a table.")
    var json = false

    @Option(help: "Hours after which a pipeline stage's last success is stale (reference alarm: 48).")
    var pipelineStaleHours: Double = 48

    @Option(help: "Hours after which the export's last success is stale (reference alarm: 50).")
    var exportStaleHours: Double = 50

    @Option(help: "How many of the most recent business dates to show per stage.")
    var lastDates: Int = 62

    package init() {}

    package func run() async throws {
        var overrides: [String: String] = [:]
        overrides["LAKE_URL"] = lakeURL
        let settings = Settings(overrides: overrides)
        let logger = Logger(label: "status")
        let report: StatusReport
        do {
            let lake = try LakeConnection.lake(settings: settings, logger: logger)
            report = try await StatusReport.build(
                manifests: ManifestStore(lake: lake), pipelineStaleHours: pipelineStaleHours, exportStaleHours: exportStaleHours, lastDates: lastDates)
        } catch {
            FileHandle.standardError.write(Data("status: \(StageRunner.classify(error).message)\n".utf8))
            throw ExitCode(ExitStatus.usage.rawValue)
        }
        if json {
            print(String(decoding: try ContractJSON.encode(report), as: UTF8.self), terminator: "")
        } else {
            print(report.rendered(), terminator: "")
        }
        if !report.healthy { throw ExitCode(ExitStatus.failed.rawValue) }
    }
}
