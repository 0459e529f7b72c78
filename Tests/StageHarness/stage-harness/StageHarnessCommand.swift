import ArgumentParser
import Foundation
import Logging
import PipelineContracts
import PipelineRuntime

/// A test-only stage that writes `--parts` outputs slowly, so tests can kill or signal it mid-run and
/// check what the shared runtime leaves behind. Never shipped.
@main
struct StageHarnessCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stage-harness", abstract: "Test-only stage for runtime crash and signal tests.",
        subcommands: [Run.self, StatusCommand.self], defaultSubcommand: Run.self)

    struct Run: AsyncParsableCommand {
        @OptionGroup var options: StageOptions
        @Option var parts = 3
        @Option var delayMilliseconds = 0
        @Option(help: "Throw a failure after writing this many parts.") var failAfter: Int?

        func run() async throws {
            let job = HarnessJob(parts: parts, delay: delayMilliseconds, failAfter: failAfter)
            await StageEntryPoint.run(stage: .sftpIngest, options: options) { _, _ in job }
        }
    }
}

struct HarnessJob: StageJob {
    let parts: Int
    let delay: Int
    let failAfter: Int?
    var stage: StageName { .sftpIngest }

    func scopes(for date: BusinessDate) async throws -> [LakeName] { ["harness"] }

    func pendingWork(manifests: ManifestStore, logger: Logger) async throws -> [StageWorkItem] {
        [StageWorkItem(scope: "harness", date: try BusinessDate(iso: "2025-01-01"))]
    }

    func run(context: RunContext) async throws -> StageOutcome {
        for part in 0..<parts {
            if let failAfter, part == failAfter { throw StageError("harness_failure", "failing on purpose after \(part) parts") }
            if delay > 0 { try await Task.sleep(for: .milliseconds(delay)) }
            let key = try LakeKey(.bronze(source: "sftp", entity: "harness", date: context.businessDate, run: context.runID), file: LakeKey.partFileName(part))
            try await context.publish(bytes: Array("part \(part)\n".utf8), key: key, dataset: "harness", rows: 1)
        }
        context.setMetric("parts", Double(parts))
        return .succeeded
    }
}
