/// The pipeline's stages: one executable each (the simulator is not a stage).
package enum StageName: String, Sendable, Hashable, Codable, CaseIterable, Comparable, CustomStringConvertible {
    case postgresIngest = "postgres-ingest"
    case sftpIngest = "sftp-ingest"
    case s3CopyIngest = "s3-copy-ingest"
    case pseudonymiser = "pseudonymiser"
    case transformRunner = "transform-runner"
    case dqValidator = "dq-validator"
    case goldExporter = "gold-exporter"

    /// Parses a stage name; unknown names are errors.
    package init(parsing text: String) throws {
        guard let stage = StageName(rawValue: text) else {
            throw ContractError(.unknownStage, "unknown stage '\(text.prefix(40))'")
        }
        self = stage
    }

    package var description: String { rawValue }

    /// Graph order, used to sort status output.
    package var graphOrder: Int { StageName.allCases.firstIndex(of: self)! }

    package static func < (lhs: StageName, rhs: StageName) -> Bool { lhs.graphOrder < rhs.graphOrder }
}
