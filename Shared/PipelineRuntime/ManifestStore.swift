import Foundation
import Logging
import ObjectStore
import PipelineContracts

/// Reads and writes run manifests in a lake (ARCHITECTURE §5).
///
/// Rules kept here, in one place: the latest run of a (stage, scope, date) is the one with the greatest
/// run id that is not dated in the future; an unreadable or malformed manifest counts as "not succeeded"
/// (fail open); manifests are written create-only, so history is append-only and a run's outcome is
/// recorded exactly once.
///
/// Run ids are UUIDv7, ordered by their writer's clock. A manifest whose run id is dated more than
/// ``futureTolerance`` after this process's clock (a writer with a wrong clock, or a hand-made key) is
/// ignored when choosing the latest run, so it can never hide the runs that come after it; `status` lists it.
package struct ManifestStore: Sendable {
    package let lake: any ObjectStore
    /// How far ahead of `now` a run id may be dated and still count (clock skew between tasks).
    package static let futureTolerance: TimeInterval = 3600
    private let now: @Sendable () -> Date

    package init(lake: any ObjectStore) { self.init(lake: lake, now: { Date() }) }

    /// A store whose idea of "now" (for ``futureTolerance``) comes from `now`.
    package init(lake: any ObjectStore, now: @escaping @Sendable () -> Date) {
        self.lake = lake
        self.now = now
    }

    /// What the latest manifest of a (stage, scope, date) says.
    package enum Latest: Sendable {
        case none
        case manifest(RunManifest)
        /// The newest manifest exists but cannot be read or decoded; treated as not succeeded.
        case unreadable(key: String, reason: String)

        package var succeeded: RunManifest? {
            if case .manifest(let manifest) = self, manifest.status == .succeeded { return manifest }
            return nil
        }
    }

    /// Writes a manifest last, create-only.
    ///
    /// - Throws: ``ObjectStoreError`` `alreadyExists` if this run already recorded an outcome.
    package func write(_ manifest: RunManifest) async throws {
        let data = try ContractJSON.encode(manifest)
        _ = try await lake.put(key: manifest.key.description, data: data, options: PutOptions(createOnly: true, contentType: "application/json"))
    }

    /// Reads one manifest by key.
    package func read(key: String) async throws -> RunManifest {
        let bytes = try await lake.get(key: key)
        return try ContractJSON.decode(RunManifest.self, from: Data(bytes))
    }

    /// Manifest keys of a (stage, scope, date) in key order, which is run-id (time) order: oldest first.
    package func runKeys(stage: StageName, scope: LakeName, date: BusinessDate) async throws -> [String] {
        let objects = try await lake.listAll(prefix: LakeKey.manifestPrefix(stage: stage, scope: scope, date: date))
        return objects.map(\.key).filter { $0.hasSuffix(".json") }.sorted()
    }

    /// Whether a manifest key's run id is dated after now plus ``futureTolerance`` (unparsable keys are not).
    package func isDatedInTheFuture(key: String) -> Bool {
        guard case .manifest(_, _, _, let run) = (try? LakeKey(parsing: key))?.area else { return false }
        return run.createdAt > now().addingTimeInterval(Self.futureTolerance)
    }

    /// The latest manifest (greatest run id not dated in the future) of a (stage, scope, date).
    package func latest(stage: StageName, scope: LakeName, date: BusinessDate) async throws -> Latest {
        try await latest(amongKeys: try await runKeys(stage: stage, scope: scope, date: date), stage: stage, scope: scope, date: date)
    }

    /// ``latest(stage:scope:date:)`` over keys already listed by ``runKeys(stage:scope:date:)``.
    package func latest(amongKeys keys: [String], stage: StageName, scope: LakeName, date: BusinessDate) async throws -> Latest {
        guard let key = keys.last(where: { !isDatedInTheFuture(key: $0) }) else { return .none }
        do {
            let manifest = try await read(key: key)
            guard manifest.stage == stage, manifest.scope == scope, manifest.businessDate == date else {
                return .unreadable(key: key, reason: "manifest content does not match its key")
            }
            return .manifest(manifest)
        } catch let error as ObjectStoreError where error.code != .notFound {
            throw error
        } catch {
            return .unreadable(key: key, reason: "\(error)")
        }
    }

    /// The latest manifest when it succeeded, else nil (fail open).
    package func latestSucceeded(stage: StageName, scope: LakeName, date: BusinessDate) async throws -> RunManifest? {
        try await latest(stage: stage, scope: scope, date: date).succeeded
    }

    /// The scopes that have manifests for a stage.
    package func scopes(stage: StageName) async throws -> [LakeName] {
        let prefixes = try await lake.listPrefixes(prefix: "_manifests/stage=\(stage)/")
        return prefixes.compactMap { prefix in
            let part = prefix.split(separator: "/").last.map(String.init) ?? ""
            return part.hasPrefix("scope=") ? try? LakeName(String(part.dropFirst(6))) : nil
        }.sorted()
    }

    /// The business dates that have manifests for a (stage, scope), ascending.
    package func dates(stage: StageName, scope: LakeName) async throws -> [BusinessDate] {
        let prefixes = try await lake.listPrefixes(prefix: LakeKey.manifestPrefix(stage: stage, scope: scope))
        return prefixes.compactMap { prefix in
            let part = prefix.split(separator: "/").last.map(String.init) ?? ""
            return part.hasPrefix("business_date=") ? try? BusinessDate(iso: String(part.dropFirst(14))) : nil
        }.sorted()
    }

    /// Dates whose latest manifest succeeded, ascending.
    package func succeededDates(stage: StageName, scope: LakeName) async throws -> [BusinessDate] {
        var result: [BusinessDate] = []
        for date in try await dates(stage: stage, scope: scope)
        where try await latestSucceeded(stage: stage, scope: scope, date: date) != nil {
            result.append(date)
        }
        return result
    }

    /// Downstream resume (ARCHITECTURE §5): dates whose upstream manifests have all succeeded and whose own
    /// latest manifest has not, ascending.
    package func pendingDates(upstream: [(StageName, LakeName)], own: (StageName, LakeName)) async throws -> [BusinessDate] {
        guard let first = upstream.first else { return [] }
        var candidates = Set(try await succeededDates(stage: first.0, scope: first.1))
        for (stage, scope) in upstream.dropFirst() {
            candidates.formIntersection(try await succeededDates(stage: stage, scope: scope))
        }
        var pending: [BusinessDate] = []
        for date in candidates.sorted() where try await latestSucceeded(stage: own.0, scope: own.1, date: date) == nil {
            pending.append(date)
        }
        return pending
    }

    /// The newest succeeded manifest of a (stage, scope) on or before `date` (e.g. the previous Silver snapshot).
    package func latestSucceeded(stage: StageName, scope: LakeName, onOrBefore date: BusinessDate) async throws -> RunManifest? {
        for candidate in try await dates(stage: stage, scope: scope).reversed() where candidate <= date {
            if let manifest = try await latestSucceeded(stage: stage, scope: scope, date: candidate) { return manifest }
        }
        return nil
    }
}
