import Foundation
import PipelineContracts

/// The operational view of a lake built from manifests alone: per date × stage/scope state, failed runs
/// with their error codes, and the age of each stage's last success (ARCHITECTURE §5, issue #13).
package struct StatusReport: Sendable, Codable {
    /// One stage/scope column; columns sort in the daily graph's order (ingests … silver, DQ, gold, DQ,
    /// export), then any node the graph does not know by name.
    package struct Column: Sendable, Codable, Hashable, Comparable {
        package var stage: StageName
        package var scope: String
        package var name: String { "\(stage)/\(scope)" }

        package init(stage: StageName, scope: String) {
            self.stage = stage
            self.scope = scope
        }

        private var graphPosition: Int {
            PipelineGraph.all.firstIndex { $0.stage == stage && $0.scope.description == scope } ?? PipelineGraph.all.count
        }

        package static func < (lhs: Column, rhs: Column) -> Bool {
            (lhs.graphPosition, lhs.stage.rawValue, lhs.scope) < (rhs.graphPosition, rhs.stage.rawValue, rhs.scope)
        }
    }

    /// The state of one cell: the latest manifest's status, `unreadable`, or `missing`.
    package struct Cell: Sendable, Codable, Hashable {
        package var state: String
        package var runID: String?
        package var errorCode: String?
        package var finishedAt: Date?
    }

    /// One stage's freshness.
    package struct Freshness: Sendable, Codable, Hashable {
        package var stage: StageName
        package var lastSuccess: Date?
        package var ageHours: Double?
        package var thresholdHours: Double
        package var stale: Bool
    }

    package var generatedAt: Date
    package var columns: [Column]
    package var dates: [BusinessDate]
    /// `cells[date][column.name]`.
    package var cells: [String: [String: Cell]]
    package var freshness: [Freshness]
    /// Manifest keys whose run id is dated in the future; ignored when choosing the latest run (``ManifestStore``).
    package var futureDated: [String] = []

    /// Cells whose latest run failed or whose manifest is unreadable.
    package var failures: [(date: BusinessDate, column: Column, cell: Cell)] {
        dates.flatMap { date in
            columns.compactMap { column in
                guard let cell = cells[date.description]?[column.name], cell.state == "failed" || cell.state == "unreadable" else { return nil }
                return (date, column, cell)
            }
        }
    }

    /// True when nothing failed, no stage is stale and no manifest is dated in the future.
    package var healthy: Bool { failures.isEmpty && !freshness.contains(where: \.stale) && futureDated.isEmpty }

    /// Reads every manifest in the lake (the latest per stage/scope/date).
    package static func build(
        manifests: ManifestStore, now: Date = Date(), pipelineStaleHours: Double = 48, exportStaleHours: Double = 50, lastDates: Int = 62
    ) async throws -> StatusReport {
        var columns: [Column] = []
        var cells: [String: [String: Cell]] = [:]
        var allDates = Set<BusinessDate>()
        var lastSuccess: [StageName: Date] = [:]
        var seenStages = Set<StageName>()
        var futureDated: [String] = []
        for stage in StageName.allCases {
            for scope in try await manifests.scopes(stage: stage) {
                seenStages.insert(stage)
                let column = Column(stage: stage, scope: scope.description)
                columns.append(column)
                let dates = try await manifests.dates(stage: stage, scope: scope)
                for date in dates.suffix(lastDates) {
                    allDates.insert(date)
                    let keys = try await manifests.runKeys(stage: stage, scope: scope, date: date)
                    futureDated += keys.filter(manifests.isDatedInTheFuture(key:))
                    let cell: Cell
                    switch try await manifests.latest(amongKeys: keys, stage: stage, scope: scope, date: date) {
                    case .none: continue
                    case .unreadable: cell = Cell(state: "unreadable")
                    case .manifest(let manifest):
                        cell = Cell(state: manifest.status.rawValue, runID: manifest.runID.description, errorCode: manifest.errors.first?.code, finishedAt: manifest.finishedAt)
                    }
                    cells[date.description, default: [:]][column.name] = cell
                }
                // Freshness looks at every date, not only the ones displayed.
                for date in dates.reversed() {
                    if let manifest = try await manifests.latestSucceeded(stage: stage, scope: scope, date: date) {
                        lastSuccess[stage] = max(lastSuccess[stage] ?? .distantPast, manifest.finishedAt)
                        break
                    }
                }
            }
        }
        let freshness = StageName.allCases.filter(seenStages.contains).map { stage -> Freshness in
            let threshold = stage == .goldExporter ? exportStaleHours : pipelineStaleHours
            let age = lastSuccess[stage].map { now.timeIntervalSince($0) / 3600 }
            return Freshness(stage: stage, lastSuccess: lastSuccess[stage], ageHours: age, thresholdHours: threshold, stale: (age ?? .infinity) > threshold)
        }
        return StatusReport(
            generatedAt: now, columns: columns.sorted(), dates: allDates.sorted(), cells: cells, freshness: freshness,
            futureDated: futureDated)
    }

    /// A fixed-width matrix for terminals.
    package func rendered() -> String {
        guard !columns.isEmpty else { return "no manifests in this lake yet\n" }
        let symbols = ["succeeded": "ok", "failed": "FAILED", "skipped": "skipped", "unreadable": "UNREADABLE"]
        let width = max(10, columns.map(\.name.count).max() ?? 10)
        var text = "business_date  " + columns.map { $0.name.padding(toLength: width, withPad: " ", startingAt: 0) }.joined(separator: " ") + "\n"
        for date in dates {
            text += date.description + "     "
            text += columns.map { column in
                let cell = cells[date.description]?[column.name]
                return (cell.map { symbols[$0.state] ?? $0.state } ?? "-").padding(toLength: width, withPad: " ", startingAt: 0)
            }.joined(separator: " ") + "\n"
        }
        if !failures.isEmpty {
            text += "\nfailed runs:\n"
            for failure in failures {
                text += "  \(failure.date) \(failure.column.name) run \(failure.cell.runID ?? "?"): \(failure.cell.errorCode ?? failure.cell.state)\n"
            }
        }
        if !futureDated.isEmpty {
            text += "\nmanifests dated in the future (ignored; check the writer's clock, then remove them):\n"
            text += futureDated.map { "  \($0)\n" }.joined()
        }
        text += "\nlast success (age / threshold):\n"
        for item in freshness {
            let age = item.ageHours.map { String(format: "%.1f h", $0) } ?? "never"
            text += "  \(item.stage.rawValue.padding(toLength: 18, withPad: " ", startingAt: 0)) \(age) / \(Int(item.thresholdHours)) h\(item.stale ? "  STALE" : "")\n"
        }
        text += healthy ? "\nstatus: healthy\n" : "\nstatus: ATTENTION (failed, stale or future-dated)\n"
        return text
    }
}
