import Foundation
import Logging
import Parquet
import PipelineContracts
import PipelineRuntime
import SourceFiles

/// Writes one fetched appointment file to Bronze under the run's own prefix:
///
/// ```
/// bronze/source=sftp/entity=appointments/business_date=D/run_id=R/raw/<file name>          (dataset raw)
/// bronze/source=sftp/entity=appointments/business_date=D/run_id=R/part-00000.parquet       (dataset appointments)
/// bronze/source=sftp/entity=appointments/business_date=D/run_id=R/rejects/part-00000.parquet (dataset rejects)
/// ```
///
/// and records the source fact (`sftp_file`: path, size, SHA-256) and the row metrics.
struct BronzeAppointmentsWriter {
    let context: RunContext
    let logger: Logger

    /// Dataset names in the manifest.
    static let rawDataset = "raw"
    static let typedDataset = "appointments"
    static let rejectsDataset = "rejects"

    func write(_ file: FetchedFile) async throws {
        var input = ManifestInput(kind: "sftp_file")
        input.path = file.remotePath
        input.size = Int(file.size)
        input.sha256 = file.sha256
        context.recordInput(input)
        try await checkRedelivery(file)

        // Only CSV is read; anything else is reported, not guessed.
        do {
            guard try SourceFileType.detect(path: file.localPath) == .csv else {
                throw StageError("source_not_csv", "\(file.name) is not a CSV file")
            }
        } catch let error as SourceFileError {
            throw StageErrorFactory.file(error, name: file.name)
        }

        let area = LakeKey.Area.bronze(
            source: BronzeEntity.appointments.source, entity: BronzeEntity.appointments.name, date: context.businessDate,
            run: context.runID)
        // The raw bytes first: kept exactly as they landed, whatever the conversion finds.
        let typedPath = context.temporaryPath(".parquet")
        let rejectsPath = context.temporaryPath("-rejects.parquet")
        defer {
            try? FileManager.default.removeItem(atPath: typedPath)
            try? FileManager.default.removeItem(atPath: rejectsPath)
        }
        let summary: CSVConversionSummary
        let stopwatch = ContinuousClock()
        let started = stopwatch.now
        do {
            summary = try CSVToParquetConverter(spec: AppointmentsTable.spec).convertFile(
                csvPath: file.localPath, parquetPath: typedPath, rejectsPath: rejectsPath)
        } catch let error as SourceFileError {
            _ = try await context.publish(
                file: file.localPath, key: try LakeKey(area, file: "raw/\(file.name)"), dataset: Self.rawDataset, rows: 0)
            throw StageErrorFactory.file(error, name: file.name)
        }
        let elapsed = stopwatch.now - started
        context.setMetric(
            "convert_seconds", Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
        let raw = try await context.publish(
            file: file.localPath, key: try LakeKey(area, file: "raw/\(file.name)"), dataset: Self.rawDataset,
            rows: summary.rowsRead)
        guard raw.sha256.isEmpty || raw.sha256 == file.sha256, raw.bytes == Int(file.size) else {
            throw StageError("integrity_mismatch", "the lake copy of \(file.name) differs from the bytes downloaded")
        }
        _ = try await context.publish(
            file: typedPath, key: try LakeKey(area, file: LakeKey.partFileName(0)), dataset: Self.typedDataset,
            rows: summary.rowsWritten)
        _ = try await context.publish(
            file: rejectsPath, key: try LakeKey(area, file: "rejects/" + LakeKey.partFileName(0)),
            dataset: Self.rejectsDataset, rows: summary.rowsRejected)

        guard summary.rowsRead == summary.rowsWritten + summary.rowsRejected else {
            throw StageError("row_count_mismatch", "rows read \(summary.rowsRead) ≠ written + rejected")
        }
        context.setMetric("rows_read", Double(summary.rowsRead))
        context.setMetric("rows_written", Double(summary.rowsWritten))
        context.setMetric("rows_rejected", Double(summary.rowsRejected))
        if summary.rowsRejected > 0 {
            logger.warning(
                "\(summary.rowsRejected) malformed row(s) of \(file.name) quarantined to rejects",
                metadata: ["event": "rows_rejected", "rows.rejected": "\(summary.rowsRejected)"])
        }
    }

    /// A re-delivered file (different bytes for a date that already succeeded) is never silently replaced: the
    /// earlier run stays in the lake, and this run's manifest records both fingerprints.
    private func checkRedelivery(_ file: FetchedFile) async throws {
        guard
            let previous = try await context.manifests.latestSucceeded(
                stage: context.stage, scope: context.scope, date: context.businessDate),
            let earlier = previous.inputs.first(where: { $0.kind == "sftp_file" }),
            let earlierSHA = earlier.sha256
        else { return }
        guard earlierSHA != file.sha256 else { return }
        var reference = ManifestInput.manifest(
            stage: previous.stage, scope: previous.scope, date: previous.businessDate, run: previous.runID)
        reference.path = earlier.path
        reference.size = earlier.size
        reference.sha256 = earlierSHA
        context.recordInput(reference)
        context.setMetric("redelivered", 1)
        logger.warning(
            "\(file.name) was re-delivered with different content: SHA-256 \(earlierSHA) (run \(previous.runID)) is now \(file.sha256); both are kept",
            metadata: [
                "event": "sftp_file_redelivered", "previous_run_id": "\(previous.runID)", "previous_sha256": "\(earlierSHA)",
                "sha256": "\(file.sha256)",
            ])
    }
}
