import Logging
import PipelineContracts
import SFTP

/// Delivers appointment files to the SFTP drop (temporary name, then rename, as the Trust would).
package struct AppointmentDropPublisher: Sendable {
    package let configuration: SFTPConfiguration
    package let remoteDirectory: String
    package let logger: Logger

    package init(environment: [String: String], remoteDirectory: String, logger: Logger) throws {
        do {
            configuration = try SFTPConfiguration(environment: environment)
        } catch {
            throw TrustSimulatorError(.configuration, "SFTP configuration: \(error)")
        }
        self.remoteDirectory = remoteDirectory.hasSuffix("/") ? String(remoteDirectory.dropLast()) : remoteDirectory
        self.logger = logger
    }

    package func remotePath(_ date: BusinessDate) -> String { "\(remoteDirectory)/\(SourceFileNames.appointments(date))" }

    /// The dates whose file is already in the drop.
    package func deliveredDates(among dates: [BusinessDate]) async throws -> Set<BusinessDate> {
        try await SFTPClient.withClient(configuration: configuration, logger: logger) { client in
            let names = Set(try await client.list(directory: remoteDirectory).filter(\.isRegularFile).map(\.name))
            return Set(dates.filter { names.contains(SourceFileNames.appointments($0)) })
        }
    }

    /// Uploads the file for `date` unless it is already there. Returns the bytes uploaded (0 when present).
    @discardableResult
    package func deliver(localPath: String, date: BusinessDate) async throws -> Int64 {
        try await SFTPClient.withClient(configuration: configuration, logger: logger) { client in
            let path = remotePath(date)
            if try await client.statIfExists(path: path) != nil { return 0 }
            return try await client.upload(localPath: localPath, remotePath: path)
        }
    }
}
