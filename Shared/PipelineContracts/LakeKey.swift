/// The lake's key grammar (ARCHITECTURE §4): every key a stage writes or reads, built and parsed in one place.
///
/// Keys are relative to the lake root (the store adds `LAKE_URL`'s prefix). Data keys are a partition
/// prefix plus a file path inside the run folder; manifest keys are complete on their own.
package struct LakeKey: Sendable, Hashable, CustomStringConvertible {
    /// The partition prefix a key lives under.
    package enum Area: Sendable, Hashable {
        case bronze(source: LakeName, entity: LakeName, date: BusinessDate, run: RunID)
        case pseudonymised(entity: LakeName, date: BusinessDate, run: RunID)
        case patientKeys(date: BusinessDate, run: RunID)
        case quarantine(entity: LakeName, date: BusinessDate, run: RunID)
        case silver(table: LakeName, asOf: BusinessDate, run: RunID)
        case gold(table: LakeName, asOf: BusinessDate, run: RunID)
        case dataQuality(layer: LakeName, asOf: BusinessDate, run: RunID)
        case manifest(stage: StageName, scope: LakeName, date: BusinessDate, run: RunID)
    }

    package let area: Area
    /// Path inside the run folder, e.g. `part-00000.parquet` or `raw/20240101_appointments.csv`; empty for manifests.
    package let file: String

    package init(_ area: Area, file: String) throws {
        if case .manifest = area {
            guard file.isEmpty else { throw ContractError(.malformedKey, "a manifest key has no file part") }
        } else {
            try LakeKey.validateFilePath(file)
        }
        self.area = area
        self.file = file
    }

    /// A manifest key.
    package static func manifest(stage: StageName, scope: LakeName, date: BusinessDate, run: RunID) -> LakeKey {
        try! LakeKey(.manifest(stage: stage, scope: scope, date: date, run: run), file: "")
    }

    /// The `part-<nnnnn>.parquet` file name for part `index`.
    package static func partFileName(_ index: Int) -> String {
        "part-" + String(repeating: "0", count: max(0, 5 - String(index).count)) + String(index) + ".parquet"
    }

    /// The folder (with trailing `/`) that holds this key's run: the prefix every file of the run shares.
    package var runPrefix: String { LakeKey.prefix(of: area) }

    package var description: String {
        if case .manifest = area { return String(runPrefix.dropLast()) + ".json" }
        return runPrefix + file
    }

    /// Parses a key produced by ``description``.
    ///
    /// - Throws: ``ContractError`` (`malformedKey`, `malformedDate`, `malformedRunID`, `invalidName`,
    ///   `unknownStage`) for anything that does not follow the grammar, including `..` components.
    package init(parsing key: String) throws {
        var parts = key.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        guard parts.count >= 2, !parts.contains(where: { $0.isEmpty || $0 == "." || $0 == ".." }) else {
            throw ContractError(.malformedKey, "malformed lake key '\(key.prefix(120))'")
        }
        let top = parts.removeFirst()
        func take(_ name: String) throws -> String {
            guard !parts.isEmpty else { throw ContractError(.malformedKey, "lake key '\(key.prefix(120))' ends before \(name)=") }
            let part = parts.removeFirst()
            guard part.hasPrefix(name + "=") else {
                throw ContractError(.malformedKey, "lake key '\(key.prefix(120))': expected \(name)=…, found '\(part.prefix(40))'")
            }
            return String(part.dropFirst(name.count + 1))
        }
        func name(_ field: String) throws -> LakeName { try LakeName(try take(field)) }
        func date(_ field: String) throws -> BusinessDate { try BusinessDate(iso: try take(field)) }
        func run() throws -> RunID { try RunID(try take("run_id")) }
        let area: Area
        switch top {
        case "bronze":
            area = .bronze(source: try name("source"), entity: try name("entity"), date: try date("business_date"), run: try run())
        case "pseudonymised":
            area = .pseudonymised(entity: try name("entity"), date: try date("business_date"), run: try run())
        case "restricted":
            guard !parts.isEmpty else { throw ContractError(.malformedKey, "lake key '\(key.prefix(120))' is incomplete") }
            switch parts.removeFirst() {
            case "patient_keys": area = .patientKeys(date: try date("business_date"), run: try run())
            case "quarantine": area = .quarantine(entity: try name("entity"), date: try date("business_date"), run: try run())
            default: throw ContractError(.malformedKey, "unknown restricted area in '\(key.prefix(120))'")
            }
        case "silver", "gold":
            guard !parts.isEmpty else { throw ContractError(.malformedKey, "lake key '\(key.prefix(120))' is incomplete") }
            let table = try LakeName(parts.removeFirst())
            let asOf = try date("as_of")
            area = top == "silver" ? .silver(table: table, asOf: asOf, run: try run()) : .gold(table: table, asOf: asOf, run: try run())
        case "_dq":
            area = .dataQuality(layer: try name("layer"), asOf: try date("as_of"), run: try run())
        case "_manifests":
            let stage = try StageName(parsing: try take("stage"))
            let scope = try name("scope")
            let day = try date("business_date")
            guard parts.count == 1, parts[0].hasPrefix("run_id="), parts[0].hasSuffix(".json") else {
                throw ContractError(.malformedKey, "manifest key '\(key.prefix(120))' must end in run_id=<id>.json")
            }
            let runID = try RunID(String(parts[0].dropFirst(7).dropLast(5)))
            self = .manifest(stage: stage, scope: scope, date: day, run: runID)
            return
        default:
            throw ContractError(.malformedKey, "unknown lake area '\(top.prefix(40))' in '\(key.prefix(120))'")
        }
        try self.init(area, file: parts.joined(separator: "/"))
    }

    /// The prefix under which all runs of one partition live (no run id), e.g. for retention or listing.
    package static func prefix(of area: Area) -> String {
        switch area {
        case .bronze(let source, let entity, let date, let run):
            return "bronze/source=\(source)/entity=\(entity)/business_date=\(date)/run_id=\(run)/"
        case .pseudonymised(let entity, let date, let run):
            return "pseudonymised/entity=\(entity)/business_date=\(date)/run_id=\(run)/"
        case .patientKeys(let date, let run):
            return "restricted/patient_keys/business_date=\(date)/run_id=\(run)/"
        case .quarantine(let entity, let date, let run):
            return "restricted/quarantine/entity=\(entity)/business_date=\(date)/run_id=\(run)/"
        case .silver(let table, let asOf, let run):
            return "silver/\(table)/as_of=\(asOf)/run_id=\(run)/"
        case .gold(let table, let asOf, let run):
            return "gold/\(table)/as_of=\(asOf)/run_id=\(run)/"
        case .dataQuality(let layer, let asOf, let run):
            return "_dq/layer=\(layer)/as_of=\(asOf)/run_id=\(run)/"
        case .manifest(let stage, let scope, let date, let run):
            return "_manifests/stage=\(stage)/scope=\(scope)/business_date=\(date)/run_id=\(run)/"
        }
    }

    /// The prefix holding every manifest of one stage and scope (all dates).
    package static func manifestPrefix(stage: StageName, scope: LakeName) -> String {
        "_manifests/stage=\(stage)/scope=\(scope)/"
    }

    /// The prefix holding every manifest of one stage, scope and date (all runs).
    package static func manifestPrefix(stage: StageName, scope: LakeName, date: BusinessDate) -> String {
        "_manifests/stage=\(stage)/scope=\(scope)/business_date=\(date)/"
    }

    /// File paths inside a run folder: 1–8 components of `[A-Za-z0-9._-]`, none `.` or `..`, not hidden.
    private static func validateFilePath(_ file: String) throws {
        let components = file.split(separator: "/", omittingEmptySubsequences: false)
        guard (1...8).contains(components.count), file.utf8.count <= 512 else {
            throw ContractError(.malformedKey, "file path '\(file.prefix(120))' must have 1 to 8 components")
        }
        for component in components {
            let bytes = Array(component.utf8)
            guard !bytes.isEmpty, bytes[0] != UInt8(ascii: "."),
                bytes.allSatisfy({ (65...90).contains($0) || (97...122).contains($0) || (48...57).contains($0) || $0 == 46 || $0 == 95 || $0 == 45 })
            else { throw ContractError(.malformedKey, "invalid file path component '\(component.prefix(60))'") }
        }
    }
}
