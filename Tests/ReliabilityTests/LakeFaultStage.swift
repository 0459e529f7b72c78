import Foundation
import PipelineContracts
import PipelineTesting
import Testing

/// A stage run as its built executable against a lake the test controls, with real source files placed
/// where the stage reads them: s3-copy-ingest from a Trust export folder (`TRUST_BUCKET_URL=file://…`, the
/// same layout as the bucket) and sftp-ingest from the local sshd's drop.
enum LakeFaultStage: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case s3CopyIngest = "s3-copy-ingest"
    case sftpIngest = "sftp-ingest"

    var testDescription: String { rawValue }

    /// The (stage, scope) whose manifests the checks look at.
    var node: PipelineGraph.Node {
        self == .s3CopyIngest ? PipelineGraph.diagnosticsIngest : PipelineGraph.appointmentsIngest
    }

    /// Source files for one stage, and how to remove them.
    struct Inputs {
        var environment: [String: String]
        var remove: () -> Void
    }

    /// Places about 1.5 MB of source rows for each of `days` and returns the environment pointing at them.
    func prepare(days: [BusinessDate]) throws -> Inputs {
        var environment = LocalStackEnvironment.current
        environment["ENVIRONMENT"] = "reliability"
        environment["LOG_LEVEL"] = "info"
        switch self {
        case .s3CopyIngest:
            let trust = try TemporaryDirectory(prefix: "trust-export")
            for day in days {
                let folder = trust.file("diagnostics/export_date=\(day.compact)")
                try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
                let bytes = TrustFileContent.diagnostics(rows: 25_000, day: day.description)
                guard
                    FileManager.default.createFile(
                        atPath: folder + "/\(day.compact)_diagnostic_orders.csv", contents: Data(bytes))
                else {
                    throw SFTPDropFolder.DropError(message: "cannot write the Trust export file")
                }
            }
            environment["TRUST_BUCKET_URL"] = "file://" + trust.path
            environment["S3_COPY_MODE"] = "stream"
            return Inputs(environment: environment, remove: { trust.remove() })
        case .sftpIngest:
            let drop = try SFTPDropFolder()
            for day in days {
                let lines = (1...10_000).map { TrustFileContent.appointment($0, day: day.description) }
                try drop.write("\(day.compact)_appointments.csv", TrustFileContent.appointments(lines))
            }
            environment.merge(drop.environment) { $1 }
            return Inputs(environment: environment, remove: { drop.remove() })
        }
    }

    /// Runs the stage's executable with `LAKE_URL` set to `lakeURL`.
    func run(_ arguments: [String], inputs: Inputs, lakeURL: String) throws -> ProcessRunner.Result {
        var environment = inputs.environment
        environment["LAKE_URL"] = lakeURL
        return try ProcessRunner.run(
            try BuiltProducts.executable(rawValue), arguments, environment: environment, timeout: 300)
    }
}
