import Foundation
import Logging
import ObjectStore
import Parquet
import PipelineContracts
import PipelineRuntime

/// Exports a validated Gold snapshot for dashboards (ARCHITECTURE §6, DOMAIN §7).
///
/// For business date D: the Gold DQ run for D must have succeeded and must name the Gold run being exported
/// (else blocked, exit 3). The exporter then re-checks disclosure control itself and, only if it holds,
/// writes `export_date=D/run_id=R/<table>/part-<n>.parquet`, `export_date=D/run_id=R/dashboard.html`,
/// then `export_date=D/_manifest.json` (listing exactly those files) and last `latest.json`.
package struct GoldExporterJob: StageJob {
    package let stage: StageName = .goldExporter
    package let configuration: GoldExporterConfiguration
    package let exportStore: any ObjectStore
    private let now: @Sendable () -> Date

    package init(configuration: GoldExporterConfiguration, exportStore: any ObjectStore, now: @escaping @Sendable () -> Date = { Date() }) {
        self.configuration = configuration
        self.exportStore = exportStore
        self.now = now
    }

    /// Opens `EXPORT_URL` (SSE-KMS key from `EXPORT_KMS_KEY_ID`).
    package init(configuration: GoldExporterConfiguration, settings: Settings, logger: Logger) throws {
        let store = try LakeConnection.open(url: configuration.exportURL, settings: settings, logger: logger, kmsKeyVariable: "EXPORT_KMS_KEY_ID")
        self.init(configuration: configuration, exportStore: store)
    }

    package func scopes(for date: BusinessDate) async throws -> [LakeName] { [PipelineGraph.export.scope] }

    package func pendingWork(manifests: ManifestStore, logger: Logger) async throws -> [StageWorkItem] {
        let gate = PipelineGraph.goldQuality
        let own = PipelineGraph.export
        return try await manifests.pendingDates(upstream: [(gate.stage, gate.scope)], own: (own.stage, own.scope))
            .map { StageWorkItem(scope: own.scope, date: $0) }
    }

    package func run(context: RunContext) async throws -> StageOutcome {
        let date = context.businessDate
        let (gold, dq) = try await validatedSnapshot(context)
        context.recordInput(dq.asInput)
        context.recordInput(gold.asInput)

        var tables: [GoldTable] = []
        for name in GoldTable.allowlist {
            let outputs = gold.outputs(dataset: name).filter { $0.key.hasSuffix(".parquet") }
            guard !outputs.isEmpty else {
                context.logger.warning("Gold snapshot has no \(name)", metadata: ["event": "gold_table_missing", "table": "\(name)"])
                continue
            }
            var table = GoldTable(name: name, parts: [])
            for output in outputs {
                let bytes = try await context.readVerified(output)
                table.parts.append((output, bytes, try ParquetReader(bytes: bytes, name: output.key)))
            }
            tables.append(table)
        }
        let exported = tables.filter { !$0.isPersonLevel || configuration.exportPersonLevel }
        for table in exported {
            if let column = table.columnNames.first(where: GoldTable.isForbidden) {
                throw StageError("identifier_in_export", "table \(table.name) has column \(column), which must never be exported; nothing was exported")
            }
        }
        let violations = try DisclosureCheck(threshold: configuration.suppressionThreshold, rounding: configuration.suppressionRounding)
            .violations(in: tables)
        guard violations.isEmpty else {
            context.logger.error("disclosure control failed", metadata: ["event": "disclosure_violation", "violations": "\(violations.count)"])
            throw StageError(
                "disclosure_violation",
                "\(violations.count) disclosure-control violation(s); nothing was exported: "
                    + violations.prefix(5).map(\.description).joined(separator: "; "))
        }

        // Data files first, then the dashboard, then the export manifest, and last the latest pointer. Files go
        // under the run's own folder and are never overwritten, so a forced or concurrent re-export of the date
        // cannot change a file another run's manifest lists; the date's manifest is replaced whole, last.
        let datePrefix = "export_date=\(date)/"
        let prefix = datePrefix + "run_id=\(context.runID)/"
        var manifestTables: [ExportManifest.Table] = []
        for table in exported.sorted(by: { $0.name < $1.name }) {
            var files: [ExportManifest.File] = []
            for (index, part) in table.parts.enumerated() {
                let key = prefix + "\(table.name)/" + LakeKey.partFileName(index)
                let stored = try await exportStore.put(key: key, body: .bytes(part.bytes), options: PutOptions(contentType: "application/vnd.apache.parquet"))
                files.append(ExportManifest.File(key: key, rows: part.reader.rowCount, bytes: stored.size, sha256: stored.sha256 ?? part.output.sha256))
            }
            manifestTables.append(ExportManifest.Table(name: table.name, rows: table.rows, personLevel: table.isPersonLevel, files: files))
            context.setMetric("exported_rows.\(table.name)", Double(table.rows))
            context.logger.info("table exported", metadata: ["event": "gold_exported", "table": "\(table.name)", "rows": "\(table.rows)"])
        }
        let generatedAt = now()
        let html = try DashboardPage(
            exportDate: date, goldRun: gold.runID, tables: tables, threshold: configuration.suppressionThreshold, generatedAt: generatedAt
        ).render()
        let dashboardKey = prefix + "dashboard.html"
        let dashboard = try await exportStore.put(key: dashboardKey, bytes: Array(html.utf8), options: PutOptions(contentType: "text/html; charset=utf-8"))
        context.logger.info("dashboard written", metadata: ["event": "dashboard_export_complete"])
        let manifest = ExportManifest(
            exportDate: date, generatedAt: generatedAt, goldRun: gold.runID, dqRun: dq.runID, exportRun: context.runID,
            suppressionThreshold: configuration.suppressionThreshold, suppressionRounding: configuration.suppressionRounding,
            tables: manifestTables,
            dashboard: ExportManifest.File(key: dashboardKey, rows: 0, bytes: dashboard.size, sha256: dashboard.sha256 ?? ""))
        let manifestKey = datePrefix + "_manifest.json"
        _ = try await exportStore.put(key: manifestKey, data: try ContractJSON.encode(manifest), options: PutOptions(contentType: "application/json"))
        try await movePointer(to: LatestExportPointer(exportDate: date, manifestKey: manifestKey, generatedAt: generatedAt), logger: context.logger)

        context.setMetric("exported_tables", Double(manifestTables.count))
        context.setMetric("exported_files", Double(manifestTables.reduce(0) { $0 + $1.files.count }))
        context.setMetric("exported_bytes", Double(manifestTables.flatMap(\.files).reduce(0) { $0 + $1.bytes }))
        context.setMetric("withheld_person_level_tables", Double(tables.count - exported.count))
        context.logger.info("export complete", metadata: ["event": "gold_export_complete", "export.location": "\(exportStore.locationDescription)"])
        return .succeeded
    }

    /// The Gold snapshot for the run's date and the succeeded DQ run that validated exactly it.
    private func validatedSnapshot(_ context: RunContext) async throws -> (gold: RunManifest, dq: RunManifest) {
        let date = context.businessDate
        let gate = PipelineGraph.goldQuality
        guard let dq = try await context.manifests.latestSucceeded(stage: gate.stage, scope: gate.scope, date: date) else {
            throw StageError.blocked("upstream_dq_not_passed", "no succeeded Gold data-quality run for \(date); export refused")
        }
        let node = PipelineGraph.gold
        guard let gold = try await context.manifests.latestSucceeded(stage: node.stage, scope: node.scope, date: date) else {
            throw StageError.blocked("gold_not_found", "no succeeded Gold snapshot for \(date)")
        }
        let validated = dq.inputs.contains {
            $0.kind == "manifest" && $0.stage == node.stage && $0.scope == node.scope.description && $0.runID == gold.runID
        }
        guard validated else {
            throw StageError.blocked(
                "dq_not_for_this_gold", "the Gold DQ run \(dq.runID) did not validate the latest Gold snapshot \(gold.runID); export refused")
        }
        return (gold, dq)
    }

    /// Writes `latest.json` unless it already points at a later export date (re-exports never move it back).
    private func movePointer(to pointer: LatestExportPointer, logger: Logger) async throws {
        if let existing = try? await exportStore.get(key: "latest.json"),
            let current = try? ContractJSON.decode(LatestExportPointer.self, from: Data(existing)), current.exportDate > pointer.exportDate
        {
            logger.info("latest.json points at a later export; left unchanged", metadata: ["event": "latest_unchanged"])
            return
        }
        _ = try await exportStore.put(key: "latest.json", data: try ContractJSON.encode(pointer), options: PutOptions(contentType: "application/json"))
    }
}
