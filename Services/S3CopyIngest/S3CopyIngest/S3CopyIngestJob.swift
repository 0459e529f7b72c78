import Logging
import ObjectStore
import PipelineContracts
import PipelineRuntime

/// `s3-copy-ingest`: brings the Trust's S3 exports for a business date into Bronze (issue #8).
///
/// Scope `diagnostics`: `diagnostics/export_date=D/*.csv` → raw copies plus typed `diagnostics_orders`
/// Parquet and rejects. Scope `reference`: `reference/export_date=D/…` → providers (XLSX), LSOA→IMD lookup
/// and ethnicity code mapping, versioned by the export date that delivered them. A date whose export prefix
/// is absent has not been published: with `--date` it is recorded as skipped; on resume it is not attempted.
package struct S3CopyIngestJob: StageJob {
    package let configuration: S3CopyIngestConfiguration
    let trust: any ObjectStore
    let converter = ExportFileConverter()

    package var stage: StageName { .s3CopyIngest }

    package init(configuration: S3CopyIngestConfiguration, trust: any ObjectStore) {
        self.configuration = configuration
        self.trust = trust
    }

    package func scopes(for date: BusinessDate) async throws -> [LakeName] {
        TrustExportListing.Feed.allCases.map(\.node.scope)
    }

    package func pendingWork(manifests: ManifestStore, logger: Logger) async throws -> [StageWorkItem] {
        let listing = TrustExportListing(trust: trust)
        var work: [StageWorkItem] = []
        for feed in TrustExportListing.Feed.allCases {
            let succeeded = Set(try await manifests.succeededDates(stage: stage, scope: feed.node.scope))
            let latest = succeeded.max()
            for date in try await listing.exportDates(feed) where !succeeded.contains(date) {
                // Daily feeds resume after the latest success; reference versions are all taken once.
                if feed == .diagnostics, let latest, date < latest { continue }
                work.append(StageWorkItem(scope: feed.node.scope, date: date))
            }
        }
        // Reference versions first so a day's diagnostics never run ahead of the lookups they need.
        return work.sorted { ($0.date, $0.scope == PipelineGraph.referenceIngest.scope ? 0 : 1) < ($1.date, $1.scope == PipelineGraph.referenceIngest.scope ? 0 : 1) }
    }

    package func run(context: RunContext) async throws -> StageOutcome {
        guard let feed = TrustExportListing.Feed(scope: context.scope) else {
            throw StageError.configuration("unknown s3-copy-ingest scope \(context.scope)")
        }
        let objects = try await TrustExportListing(trust: trust).objects(feed, date: context.businessDate)
        guard !objects.isEmpty else {
            return .skipped(reason: "not yet published: no \(feed.rawValue)/export_date=\(context.businessDate.compact)/ in the Trust bucket")
        }
        let transfer = RawObjectTransfer(trust: trust, configuration: configuration)
        var converted = Set<String>()
        let exportPrefix = TrustExportListing.prefix(feed, date: context.businessDate)
        for object in objects {
            let fileName = String(object.key.split(separator: "/").last ?? "")
            // Only files directly in the export folder: a nested object could reuse a real file's name and
            // collide with it in Bronze, so it is reported and left alone.
            guard !object.key.dropFirst(exportPrefix.count).contains("/") else {
                context.logger.warning(
                    "object in a sub-folder of the Trust export; reported, not ingested",
                    metadata: ["event": "nested_export_object", "s3.key": "\(object.key)"])
                context.addMetric("files.unknown", 1)
                continue
            }
            guard let kind = ExportFileKind(fileName: fileName, feed: feed) else {
                context.logger.warning(
                    "unknown file type in the Trust export; reported, not ingested",
                    metadata: ["event": "unknown_export_file", "s3.key": "\(object.key)"])
                context.addMetric("files.unknown", 1)
                continue
            }
            let entity = kind.entity
            let area = LakeKey.Area.bronze(source: entity.source, entity: entity.name, date: context.businessDate, run: context.runID)
            let raw = try await transfer.transfer(object, to: try LakeKey(area, file: "raw/" + fileName), context: context)
            context.addMetric("files.\(raw.serverSide ? "copied_server_side" : "streamed")", 1)
            try await converter.convert(raw.localPath, kind: kind, sourceName: object.key, area: area, context: context)
            converted.insert(entity.rawValue)
        }
        if feed == .diagnostics, !converted.contains(BronzeEntity.diagnosticsOrders.rawValue) {
            throw StageError("export_incomplete", "diagnostics export \(context.businessDate.compact) has no diagnostic orders CSV")
        }
        return .succeeded
    }
}
