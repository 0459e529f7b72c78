import Foundation

/// The commit record of one stage run (ARCHITECTURE §5): written last, after every output is durable.
///
/// Readers ignore unknown fields, and refuse a `manifest_version` newer than they understand (a newer
/// major version is treated like a malformed manifest: "not succeeded").
package struct RunManifest: Sendable, Hashable, Codable {
    /// The manifest format this code writes and the newest it reads.
    package static let currentVersion = 1

    package var manifestVersion: Int
    package var stage: StageName
    package var scope: LakeName
    package var businessDate: BusinessDate
    package var runID: RunID
    package var status: RunStatus
    package var startedAt: Date
    package var finishedAt: Date
    package var environment: String
    package var codeVersion: String
    package var inputs: [ManifestInput]
    package var outputs: [ManifestOutput]
    package var errors: [ManifestError]
    package var metrics: [String: Double]

    package init(
        stage: StageName, scope: LakeName, businessDate: BusinessDate, runID: RunID, status: RunStatus,
        startedAt: Date, finishedAt: Date, environment: String, codeVersion: String,
        inputs: [ManifestInput] = [], outputs: [ManifestOutput] = [], errors: [ManifestError] = [],
        metrics: [String: Double] = [:]
    ) {
        self.manifestVersion = RunManifest.currentVersion
        self.stage = stage
        self.scope = scope
        self.businessDate = businessDate
        self.runID = runID
        self.status = status
        self.startedAt = startedAt
        self.finishedAt = finishedAt
        self.environment = environment
        self.codeVersion = codeVersion
        self.inputs = inputs
        self.outputs = outputs
        self.errors = errors
        self.metrics = metrics
    }

    /// The lake key this manifest is stored under.
    package var key: LakeKey { .manifest(stage: stage, scope: scope, date: businessDate, run: runID) }

    /// This run as an input reference for a downstream manifest.
    package var asInput: ManifestInput {
        .manifest(stage: stage, scope: scope, date: businessDate, run: runID)
    }

    /// Outputs of one dataset, in key order.
    package func outputs(dataset: String) -> [ManifestOutput] {
        outputs.filter { $0.dataset == dataset }.sorted { $0.key < $1.key }
    }

    enum CodingKeys: String, CodingKey {
        case manifestVersion = "manifest_version", stage, scope, businessDate = "business_date", runID = "run_id"
        case status, startedAt = "started_at", finishedAt = "finished_at", environment, codeVersion = "code_version"
        case inputs, outputs, errors, metrics
    }

    package init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        manifestVersion = try container.decode(Int.self, forKey: .manifestVersion)
        guard manifestVersion >= 1, manifestVersion <= RunManifest.currentVersion else {
            throw ContractError(.unsupportedVersion, "manifest_version \(manifestVersion) is not supported")
        }
        stage = try container.decode(StageName.self, forKey: .stage)
        scope = try container.decode(LakeName.self, forKey: .scope)
        businessDate = try container.decode(BusinessDate.self, forKey: .businessDate)
        runID = try container.decode(RunID.self, forKey: .runID)
        status = try container.decode(RunStatus.self, forKey: .status)
        startedAt = try container.decode(Date.self, forKey: .startedAt)
        finishedAt = try container.decode(Date.self, forKey: .finishedAt)
        environment = try container.decodeIfPresent(String.self, forKey: .environment) ?? ""
        codeVersion = try container.decodeIfPresent(String.self, forKey: .codeVersion) ?? ""
        inputs = try container.decodeIfPresent([ManifestInput].self, forKey: .inputs) ?? []
        outputs = try container.decodeIfPresent([ManifestOutput].self, forKey: .outputs) ?? []
        errors = try container.decodeIfPresent([ManifestError].self, forKey: .errors) ?? []
        metrics = try container.decodeIfPresent([String: Double].self, forKey: .metrics) ?? [:]
    }
}

/// One file a run wrote: its key, the dataset it belongs to, and how to verify it.
package struct ManifestOutput: Sendable, Hashable, Codable {
    /// Lake key relative to the lake root.
    package var key: String
    /// Entity or table name (e.g. `encounters`), or a role such as `raw`, `rejects`, `report`.
    package var dataset: String
    package var rows: Int
    package var bytes: Int
    /// Lower-case hex SHA-256 of the stored bytes.
    package var sha256: String

    package init(key: String, dataset: String, rows: Int, bytes: Int, sha256: String) {
        self.key = key
        self.dataset = dataset
        self.rows = rows
        self.bytes = bytes
        self.sha256 = sha256
    }
}

/// A failure recorded in a manifest. Never contains an NHS number, a key, a password or row data.
package struct ManifestError: Sendable, Hashable, Codable {
    /// Stable, machine-readable code, e.g. `source_unavailable`, `row_count_mismatch`, `interrupted`.
    package var code: String
    package var message: String

    package init(code: String, message: String) {
        self.code = code
        self.message = message
    }
}

/// Something a run consumed: an upstream manifest or a source fact.
package struct ManifestInput: Sendable, Hashable, Codable {
    /// `manifest`, `table`, `sftp_file`, `s3_object`, or `lake_object`.
    package var kind: String
    package var stage: StageName?
    package var scope: String?
    package var businessDate: BusinessDate?
    package var runID: RunID?
    /// Source table (`database.table`) for `table` inputs.
    package var table: String?
    package var rows: Int?
    /// SFTP path, or lake key for `lake_object`.
    package var path: String?
    package var bucket: String?
    package var key: String?
    package var size: Int?
    package var sha256: String?
    package var etag: String?
    package var versionID: String?

    package init(kind: String) { self.kind = kind }

    /// A reference to an upstream run.
    package static func manifest(stage: StageName, scope: LakeName, date: BusinessDate, run: RunID) -> ManifestInput {
        var input = ManifestInput(kind: "manifest")
        input.stage = stage
        input.scope = scope.description
        input.businessDate = date
        input.runID = run
        return input
    }

    enum CodingKeys: String, CodingKey {
        case kind, stage, scope, businessDate = "business_date", runID = "run_id", table, rows, path, bucket, key
        case size, sha256, etag, versionID = "version_id"
    }
}
