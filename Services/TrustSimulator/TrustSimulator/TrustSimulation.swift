import Foundation
import Logging
import PipelineContracts

/// The simulated Trust: generates its history and publishes it to the three source systems — the initial
/// load (backfill) and then one held-back business date at a time.
package struct TrustSimulation: Sendable {
    package let configuration: TrustSimulatorConfiguration
    package let logger: Logger

    package init(configuration: TrustSimulatorConfiguration, logger: Logger) {
        self.configuration = configuration
        self.logger = logger
    }

    // MARK: - Generation (local)

    /// What a local generation produced.
    package struct Generation: Sendable {
        package var writer: String
        package var summaries: [SourceSliceWriter.SliceSummary]
        package var truth: GroundTruth
    }

    /// Generates `slices` into `directory` (layout of ``SourceSliceWriter``) and returns the ground truth,
    /// whose `releases` list the slices written. Streams: memory is bounded by one patient's history.
    package static func generate(parameters: SimulationParameters, directory: String, slices: [ReleaseSlice]) throws -> Generation {
        let writer = try SourceSliceWriter(parameters: parameters, directory: directory, slices: slices)
        var generator = TrustGenerator(parameters: parameters)
        var truth = GroundTruthBuilder(parameters: parameters)
        while let history = generator.next() {
            try writer.write(history)
            truth.add(history)
        }
        let summaries = try writer.finish()
        return Generation(writer: directory, summaries: summaries, truth: truth.build(releases: summaries))
    }

    /// Writes the reference exports into `directory/reference/export_date=YYYYMMDD/`.
    package static func writeReference(parameters: SimulationParameters, directory: String) throws {
        let exports = try ReferenceExports(parameters: parameters)
        let folder = directory + "/" + SourceFileNames.referencePrefix(parameters.cutoffDate)
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        for file in exports.files {
            guard FileManager.default.createFile(atPath: folder + file.name, contents: Data(file.bytes)) else {
                throw TrustSimulatorError(.io, "cannot write \(folder + file.name)")
            }
        }
    }

    /// Writes `truth` as pretty, key-sorted JSON.
    package static func writeTruth(_ truth: GroundTruth, to path: String) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.keyEncodingStrategy = .convertToSnakeCase
        guard FileManager.default.createFile(atPath: path, contents: try encoder.encode(truth)) else {
            throw TrustSimulatorError(.io, "cannot write the truth file \(path)")
        }
    }

    // MARK: - Backfill

    /// What a backfill or release published, per system (nil = already there, skipped).
    package struct PublishReport: Sendable, Codable {
        package var businessDate: BusinessDate
        package var initialLoad: Bool
        package var ehrRows: [String: Int]?
        package var urgentCareRows: [String: Int]?
        package var sftpFile: String?
        package var diagnosticsKey: String?
        package var referenceKeys: [String]
        package var expectedRows: [String: Int]
    }

    /// Creates the schemas (idempotent) and publishes the initial load as one business date (the cut-off),
    /// with the reference exports. Re-running with the same parameters completes whatever is missing and
    /// changes nothing else; other parameters are refused unless `replace` (which drops the source tables).
    package func backfill(parameters: SimulationParameters, replace: Bool, truthFile: String?) async throws -> PublishReport {
        let ehr = TrustDatabasePublisher(database: .ehr, url: configuration.ehrDatabaseURL, readerRole: configuration.readerRole, logger: logger)
        let urgent = TrustDatabasePublisher(database: .urgentCare, url: configuration.urgentCareDatabaseURL, readerRole: configuration.readerRole, logger: logger)
        try await ehr.withConnection { connection in
            if !replace, let (stored, version) = try await ehr.storedParameters(connection) {
                guard stored == parameters, version == SimulationParameters.generatorVersion else {
                    throw TrustSimulatorError(.parameterMismatch, "the Trust was backfilled with other parameters (seed \(stored.seed), \(stored.patients) patients, \(stored.months) months from \(stored.startDate), hold-back \(stored.holdBackDays)); use --replace to start again")
                }
            }
            try await ehr.ensureSchema(connection, replace: replace)
        }
        try await urgent.withConnection { try await urgent.ensureSchema($0, replace: replace) }

        let scratch = try scratchFolder()
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        let initial = ReleaseSlice.initial(parameters.cutoffDate)
        let slices = truthFile == nil ? [initial] : ReleaseSlice.all(parameters)
        logger.info("generating", metadata: ["event": "generation_started", "patients": "\(parameters.patients)", "months": "\(parameters.months)"])
        let generation = try Self.generate(parameters: parameters, directory: scratch, slices: slices)
        if let truthFile { try Self.writeTruth(generation.truth, to: truthFile) }
        return try await publish(slice: initial, parameters: parameters, scratch: scratch, summary: generation.summaries[0], ehr: ehr, urgent: urgent)
    }

    // MARK: - Daily release

    /// Publishes the next held-back business date not yet complete in every system (finishing a partial
    /// release first). Returns nil when nothing is held back any more.
    package func releaseNextDay() async throws -> PublishReport? {
        let ehr = TrustDatabasePublisher(database: .ehr, url: configuration.ehrDatabaseURL, readerRole: configuration.readerRole, logger: logger)
        let urgent = TrustDatabasePublisher(database: .urgentCare, url: configuration.urgentCareDatabaseURL, readerRole: configuration.readerRole, logger: logger)
        let status = try await status()
        guard status.releasedThrough != nil else {
            throw TrustSimulatorError(.notBackfilled, "the initial load is incomplete; run trust-sim backfill again to finish it")
        }
        guard let next = status.nextDate else { return nil }
        let parameters = status.parameters
        let scratch = try scratchFolder()
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        let slice = ReleaseSlice.day(next)
        logger.info("generating", metadata: ["event": "generation_started", "business_date": "\(next)"])
        let generation = try Self.generate(parameters: parameters, directory: scratch, slices: [slice])
        return try await publish(slice: slice, parameters: parameters, scratch: scratch, summary: generation.summaries[0], ehr: ehr, urgent: urgent)
    }

    private func publish(
        slice: ReleaseSlice, parameters: SimulationParameters, scratch: String, summary: SourceSliceWriter.SliceSummary,
        ehr: TrustDatabasePublisher, urgent: TrustDatabasePublisher
    ) async throws -> PublishReport {
        let date = slice.businessDate
        func path(_ table: SourceTable) -> String { "\(scratch)/\(date)/postgres/\(table.rawValue).copy" }
        let ehrRows: [SourceTable: Int]?
        let urgentRows: [SourceTable: Int]?
        if slice.isInitialLoad {
            ehrRows = try await ehr.publishInitialLoad(parameters: parameters, tableFile: path)
            urgentRows = try await urgent.publishInitialLoad(parameters: parameters, tableFile: path)
        } else {
            ehrRows = try await ehr.publishDay(date, tableFile: path)
            urgentRows = try await urgent.publishDay(date, tableFile: path)
        }
        let drop = try AppointmentDropPublisher(environment: configuration.sftpEnvironment, remoteDirectory: configuration.sftpRemoteDirectory, logger: logger)
        let uploaded = try await drop.deliver(localPath: "\(scratch)/\(date)/sftp/\(SourceFileNames.appointments(date))", date: date)
        let bucket = try TrustBucketPublisher(url: configuration.trustBucketURL, environment: configuration.storeEnvironment, logger: logger)
        let wroteDiagnostics = try await bucket.publishDiagnostics(localPath: "\(scratch)/\(date)/s3/\(SourceFileNames.diagnosticsKey(date))", date: date)
        var referenceKeys: [String] = []
        if slice.isInitialLoad {
            referenceKeys = try await bucket.publishReference(try ReferenceExports(parameters: parameters), date: date)
        }
        func named(_ rows: [SourceTable: Int]?) -> [String: Int]? {
            rows.map { Dictionary(uniqueKeysWithValues: $0.map { ("\($0.key.database.rawValue).\($0.key.rawValue)", $0.value) }) }
        }
        let report = PublishReport(
            businessDate: date, initialLoad: slice.isInitialLoad, ehrRows: named(ehrRows), urgentCareRows: named(urgentRows),
            sftpFile: uploaded > 0 ? drop.remotePath(date) : nil,
            diagnosticsKey: wroteDiagnostics ? SourceFileNames.diagnosticsKey(date) : nil, referenceKeys: referenceKeys,
            expectedRows: summary.rows)
        logger.info(
            "published \(slice)",
            metadata: ["event": "release_published", "business_date": "\(date)", "initial_load": "\(slice.isInitialLoad)"])
        return report
    }

    // MARK: - Status

    /// What has been released, per system, and what is still held back.
    package struct Status: Sendable, Codable {
        package var parameters: SimulationParameters
        package var initialLoadDate: BusinessDate
        package var lastHistoryDate: BusinessDate
        /// The last business date complete in all four systems.
        package var releasedThrough: BusinessDate?
        /// The next date to release (the first held-back date not complete everywhere), nil when all are out.
        package var nextDate: BusinessDate?
        package var heldBack: [BusinessDate]
        package var ehrWatermarks: [BusinessDate]
        package var urgentCareWatermarks: [BusinessDate]
        package var sftpFiles: [BusinessDate]
        package var diagnosticsExports: [BusinessDate]
    }

    /// Reads the stored parameters and each system's released dates.
    /// - Throws: ``TrustSimulatorError`` `.notBackfilled` before the first backfill.
    package func status() async throws -> Status {
        let ehr = TrustDatabasePublisher(database: .ehr, url: configuration.ehrDatabaseURL, readerRole: configuration.readerRole, logger: logger)
        let urgent = TrustDatabasePublisher(database: .urgentCare, url: configuration.urgentCareDatabaseURL, readerRole: configuration.readerRole, logger: logger)
        let (parameters, ehrMarks) = try await ehr.withConnection { connection in
            guard let (parameters, _) = try await ehr.storedParameters(connection) else {
                throw TrustSimulatorError(.notBackfilled, "the Trust has not been backfilled yet (run trust-sim backfill)")
            }
            return (parameters, try await ehr.watermarks(connection))
        }
        let urgentMarks = try await urgent.withConnection { try await urgent.watermarks($0) }
        let dates = [parameters.cutoffDate] + parameters.heldBackDates
        let drop = try AppointmentDropPublisher(environment: configuration.sftpEnvironment, remoteDirectory: configuration.sftpRemoteDirectory, logger: logger)
        let delivered = try await drop.deliveredDates(among: dates)
        let bucket = try TrustBucketPublisher(url: configuration.trustBucketURL, environment: configuration.storeEnvironment, logger: logger)
        var exported: Set<BusinessDate> = []
        for date in dates where try await bucket.hasDiagnostics(date) { exported.insert(date) }
        var releasedThrough: BusinessDate?
        var next: BusinessDate?
        for date in dates {
            let complete = ehrMarks[date] != nil && urgentMarks[date] != nil && delivered.contains(date) && exported.contains(date)
            if complete, next == nil { releasedThrough = date } else if next == nil { next = date }
        }
        if next == parameters.cutoffDate { next = nil }
        return Status(
            parameters: parameters, initialLoadDate: parameters.cutoffDate, lastHistoryDate: parameters.lastDate,
            releasedThrough: releasedThrough, nextDate: next,
            heldBack: parameters.heldBackDates.filter { date in releasedThrough.map { date > $0 } ?? true },
            ehrWatermarks: ehrMarks.keys.sorted(), urgentCareWatermarks: urgentMarks.keys.sorted(),
            sftpFiles: delivered.sorted(), diagnosticsExports: exported.sorted())
    }

    private func scratchFolder() throws -> String {
        let path = configuration.scratchDirectory + "/trust-sim-\(UUID().uuidString.prefix(8).lowercased())"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }
}
