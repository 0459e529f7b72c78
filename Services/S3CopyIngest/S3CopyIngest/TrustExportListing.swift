import ObjectStore
import PipelineContracts
import PipelineRuntime

/// What the Trust has published in its bucket: export-date prefixes per feed.
///
/// Layout (DOMAIN.md §2): `diagnostics/export_date=YYYYMMDD/…` (business-dated orders) and
/// `reference/export_date=YYYYMMDD/…` (provider/site workbook, LSOA→IMD lookup, ethnicity code mapping).
package struct TrustExportListing: Sendable {
    /// A feed folder in the Trust bucket.
    package enum Feed: String, Sendable, CaseIterable {
        case diagnostics
        case reference

        /// The scope this feed is recorded under.
        package var node: PipelineGraph.Node {
            self == .diagnostics ? PipelineGraph.diagnosticsIngest : PipelineGraph.referenceIngest
        }

        package init?(scope: LakeName) {
            switch scope {
            case PipelineGraph.diagnosticsIngest.scope: self = .diagnostics
            case PipelineGraph.referenceIngest.scope: self = .reference
            default: return nil
            }
        }
    }

    let trust: any ObjectStore

    package init(trust: any ObjectStore) { self.trust = trust }

    /// The export dates present for a feed, ascending. Folders that do not parse are ignored.
    package func exportDates(_ feed: Feed) async throws -> [BusinessDate] {
        let prefixes = try await TrustBucketCall.run(trust, "listing \(feed.rawValue)/") {
            try await trust.listPrefixes(prefix: "\(feed.rawValue)/")
        }
        return prefixes.compactMap { prefix -> BusinessDate? in
            let folder = prefix.dropLast().split(separator: "/").last.map(String.init) ?? ""
            guard folder.hasPrefix("export_date=") else { return nil }
            return try? BusinessDate(compact: String(folder.dropFirst(12)))
        }.sorted()
    }

    /// The folder of one export: `<feed>/export_date=YYYYMMDD/`.
    package static func prefix(_ feed: Feed, date: BusinessDate) -> String {
        "\(feed.rawValue)/export_date=\(date.compact)/"
    }

    /// The objects of one export (sub-folders included), in key order.
    package func objects(_ feed: Feed, date: BusinessDate) async throws -> [StoredObject] {
        try await TrustBucketCall.run(trust, "listing \(Self.prefix(feed, date: date))") {
            try await trust.listAll(prefix: Self.prefix(feed, date: date))
        }
    }
}
