import Foundation
import Logging
import ObjectStore
import Parquet
import PipelineContracts
import PipelineRuntime
import PipelineTesting
import SFTP
import SFTPIngest

/// A private drop folder on the local sshd plus a private file lake, for one test.
struct SFTPIngestHarness {
    let environment: [String: String]
    let remoteFolder: String
    let localFolder: String
    let lakeDirectory: TemporaryDirectory
    let lake: FileSystemObjectStore
    let sink = InMemoryLogSink()

    static let header =
        "appointment_id,patient_id,nhs_pseudo_id,registered_gp_practice_id,service_location_id,clinician_id,"
        + "appointment_start_datetime,appointment_end_datetime,appointment_type,mode,slot_type,booking_status,"
        + "booking_created_datetime,booking_updated_datetime,wait_time_days,imd_decile"

    init() throws {
        environment = try LocalStackEnvironment.require(
            "SFTP_HOST", "SFTP_PORT", "SFTP_USER", "SFTP_PRIVATE_KEY_FILE", "SFTP_KNOWN_HOSTS_FILE", "SFTP_REMOTE_DIR",
            "LOCAL_SFTP_DROP_DIR")
        let unique = "sftp-ingest-tests-\(UUID().uuidString.prefix(8).lowercased())"
        remoteFolder = environment["SFTP_REMOTE_DIR"]! + "/" + unique
        localFolder = environment["LOCAL_SFTP_DROP_DIR"]! + "/" + unique
        lakeDirectory = try TemporaryDirectory(prefix: "sftp-ingest-lake")
        lake = try FileSystemObjectStore(root: lakeDirectory.path)
    }

    var logger: Logger { sink.logger(stage: "sftp-ingest") }

    func settings(_ changes: [String: String?] = [:]) -> Settings {
        var values = environment
        values["SFTP_REMOTE_DIR"] = remoteFolder
        values["SFTP_STABILITY_SECONDS"] = "0"
        for (name, value) in changes { values[name] = value }
        return Settings(environment: values)
    }

    func job(_ changes: [String: String?] = [:], clock: (any FileStabilityClock)? = nil) async throws -> SFTPIngestJob {
        let configuration = try await SFTPIngestConfiguration(settings: settings(changes))
        return SFTPIngestJob(configuration: configuration, logger: logger, clock: clock ?? SystemFileStabilityClock())
    }

    func execute(_ job: SFTPIngestJob, dates: [BusinessDate]? = nil, force: Bool = false) async -> StageRunner.Summary {
        let runner = StageRunner(
            lake: lake, settings: settings(), logger: logger,
            options: StageRunner.Options(dates: dates, force: force, environment: "test"))
        return await runner.execute(job)
    }

    /// Creates the drop folder and uploads `files` (name → content) through SFTP, as the Trust would.
    func drop(_ files: [String: [UInt8]], makeFolder: Bool = true) async throws {
        let configuration = try SFTPConfiguration(environment: environment)
        try await SFTPClient.withClient(configuration: configuration, logger: Logger(label: "drop")) { client in
            if makeFolder, try await client.statIfExists(path: remoteFolder) == nil {
                try await client.makeDirectory(path: remoteFolder)
            }
            for (name, bytes) in files.sorted(by: { $0.key < $1.key }) {
                try await client.upload(bytes: bytes, remotePath: "\(remoteFolder)/\(name)", replaceExisting: true)
            }
        }
    }

    func dropDirectory(named name: String) async throws {
        let configuration = try SFTPConfiguration(environment: environment)
        try await SFTPClient.withClient(configuration: configuration, logger: Logger(label: "drop")) { client in
            try await client.makeDirectory(path: "\(remoteFolder)/\(name)")
        }
    }

    /// Removes the drop folder and the lake.
    func cleanUp() {
        // The folder belongs to the SFTP user; `rm -r` removes it where FileManager leaves the emptied directory.
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/rm")
        process.arguments = ["-rf", "--", localFolder]
        if (try? process.run()) != nil { process.waitUntilExit() }
        lakeDirectory.remove()
    }

    func manifests(_ date: BusinessDate) async throws -> [RunManifest] {
        let store = ManifestStore(lake: lake)
        var result: [RunManifest] = []
        for key in try await store.runKeys(stage: .sftpIngest, scope: "appointments", date: date) {
            result.append(try await store.read(key: key))
        }
        return result
    }

    func rows(_ output: ManifestOutput) async throws -> [[ParquetValue]] {
        let reader = try ParquetReader(bytes: try await lake.get(key: output.key), name: output.key)
        var rows: [[ParquetValue]] = []
        try reader.forEachRow { rows.append($0) }
        return rows
    }

    static func csv(_ lines: [String]) -> [UInt8] { Array((([header] + lines).joined(separator: "\n") + "\n").utf8) }

    static func sha256(_ bytes: [UInt8]) throws -> String {
        let folder = try TemporaryDirectory(prefix: "sha")
        defer { folder.remove() }
        guard FileManager.default.createFile(atPath: folder.file("b"), contents: Data(bytes)) else { return "" }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/sha256sum")
        process.arguments = [folder.file("b")]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let output = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: output, as: UTF8.self).split(separator: " ").first.map(String.init) ?? ""
    }
}

/// A drop that is still being appended to: between the stage's two stats, another line lands in the file.
struct GrowingFileClock: FileStabilityClock {
    let localFile: String
    let extraLine: String

    func now() -> Date { Date() }

    func waitBetweenStats(seconds: Int, remotePath: String) async throws {
        guard let handle = FileHandle(forWritingAtPath: localFile) else { return }
        try handle.seekToEnd()
        try handle.write(contentsOf: Data((extraLine + "\n").utf8))
        try handle.close()
        try await Task.sleep(for: .seconds(seconds))
    }
}
