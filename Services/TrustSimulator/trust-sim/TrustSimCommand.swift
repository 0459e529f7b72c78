import ArgumentParser
import Foundation
import Logging
import PipelineContracts
import PipelineRuntime
import TrustSimulator

@main
struct TrustSimCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "trust-sim",
        abstract: "The synthetic Northshire Trust: generates its history and publishes it to PostgreSQL, SFTP and S3.",
        subcommands: [Backfill.self, ReleaseNextDay.self, Status.self, Generate.self])

    /// Generation parameters (stored in `trust_sim_state` by a backfill).
    struct ParameterOptions: ParsableArguments {
        @Option(help: "Random seed; the same seed gives byte-identical sources.") var seed: UInt64 = 42
        @Option(help: "Number of patients.") var patients = 100_000
        @Option(help: "Months of history.") var months = 12
        @Option(help: "First day of history, YYYY-MM-DD.") var startDate = "2025-01-01"
        @Option(help: "Days at the end of history held back for release-next-day.") var holdBackDays = 12
        @Option(help: "Write the generator's ground truth (JSON, counts only) to this local file.") var truthFile: String?

        func parameters() throws -> SimulationParameters {
            try SimulationParameters(
                seed: seed, patients: patients, months: months, startDate: try BusinessDate(iso: startDate),
                holdBackDays: holdBackDays)
        }
    }

    /// Where to publish; each flag sets the environment variable it names.
    struct TargetOptions: ParsableArguments {
        @Option(help: "TRUST_SIM_EHR_DATABASE_URL: owner URL of the ehr database (fallback EHR_DATABASE_URL).") var ehrDatabaseURL: String?
        @Option(help: "TRUST_SIM_URGENT_CARE_DATABASE_URL: owner URL of urgent_care (fallback URGENT_CARE_DATABASE_URL).") var urgentCareDatabaseURL: String?
        @Option(help: "TRUST_SIM_READER_ROLE: role granted SELECT on the source tables (default pipeline_reader).") var readerRole: String?
        @Option(help: "SFTP_REMOTE_DIR: the appointment drop folder (default /drop).") var sftpRemoteDir: String?
        @Option(help: "TRUST_BUCKET_URL: s3://bucket/prefix of the Trust's exports.") var trustBucketURL: String?
        @Option(help: "LOG_LEVEL: trace, debug, info (default), notice, warning, error.") var logLevel: String?

        func simulation() async throws -> TrustSimulation {
            let overrides = [
                "TRUST_SIM_EHR_DATABASE_URL": ehrDatabaseURL, "TRUST_SIM_URGENT_CARE_DATABASE_URL": urgentCareDatabaseURL,
                "TRUST_SIM_READER_ROLE": readerRole, "SFTP_REMOTE_DIR": sftpRemoteDir, "TRUST_BUCKET_URL": trustBucketURL,
                "LOG_LEVEL": logLevel,
            ].compactMapValues { $0 }
            let settings = Settings(overrides: overrides)
            PipelineLogging.bootstrap(stage: "trust-sim", level: try PipelineLogging.level(settings.string("LOG_LEVEL")))
            let logger = Logger(label: "trust-sim")
            return TrustSimulation(configuration: try await TrustSimulatorConfiguration(settings: settings), logger: logger)
        }
    }

    struct Backfill: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create the sources and publish the initial load (idempotent).")
        @OptionGroup var parameters: ParameterOptions
        @OptionGroup var target: TargetOptions
        @Flag(help: "Drop the source tables and start again with new parameters.") var replace = false

        func run() async throws {
            try await TrustSimCommand.report {
                try await target.simulation().backfill(parameters: try parameters.parameters(), replace: replace, truthFile: parameters.truthFile)
            }
        }
    }

    struct ReleaseNextDay: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Publish the next held-back business date to all three systems.")
        @OptionGroup var target: TargetOptions

        func run() async throws {
            try await TrustSimCommand.report { try await target.simulation().releaseNextDay() }
        }
    }

    struct Status: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print the released range and what is held back (JSON).")
        @OptionGroup var target: TargetOptions

        func run() async throws {
            try await TrustSimCommand.report { try await target.simulation().status() }
        }
    }

    struct Generate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Generate every release slice into a local folder (no publishing).")
        @OptionGroup var parameters: ParameterOptions
        @Option(help: "Output folder.") var output: String

        func run() async throws {
            let parameters = try parameters.parameters()
            let generation = try TrustSimulation.generate(parameters: parameters, directory: output, slices: ReleaseSlice.all(parameters))
            try TrustSimulation.writeReference(parameters: parameters, directory: output)
            if let truthFile = self.parameters.truthFile { try TrustSimulation.writeTruth(generation.truth, to: truthFile) }
            try TrustSimCommand.printJSON(generation.summaries)
        }
    }

    /// Runs `body`, prints its result as JSON on stdout, and maps failures to exit codes (2 configuration, 1 otherwise).
    static func report<T: Encodable>(_ body: () async throws -> T) async throws {
        do {
            try printJSON(try await body())
        } catch let error as StageError {
            FileHandle.standardError.write(Data("trust-sim: \(error)\n".utf8))
            throw ExitCode(error.kind == .configuration ? 2 : 1)
        } catch let error as TrustSimulatorError {
            FileHandle.standardError.write(Data("trust-sim: \(error)\n".utf8))
            throw ExitCode([.configuration, .invalidParameters, .parameterMismatch].contains(error.code) ? 2 : 1)
        } catch let error as ExitCode {
            throw error
        } catch {
            FileHandle.standardError.write(Data("trust-sim: \(error)\n".utf8))
            throw ExitCode(1)
        }
    }

    static func printJSON<T: Encodable>(_ value: T) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.keyEncodingStrategy = .convertToSnakeCase
        print(String(decoding: try encoder.encode(value), as: UTF8.self))
    }
}
