import Foundation
import Logging
import Parquet
import PipelineContracts
import PipelineRuntime

/// The privacy gateway (`pseudonymiser run`, scope `person_level`): turns the person-level Bronze of one
/// business date into `pseudonymised/`, `restricted/quarantine/` and `restricted/patient_keys/`.
///
/// A date runs once all four daily ingest manifests (``PipelineGraph/dailyIngest``) have succeeded. Inputs
/// are exactly the outputs those manifests list, read through ``RunContext/openParquet(_:)`` (SHA-256
/// verified). The key map is rebuilt from the `patient_keys` outputs of every earlier succeeded run.
package struct PseudonymiserJob: StageJob {
    package let stage = StageName.pseudonymiser
    package static let node = PipelineGraph.pseudonymise

    private let pseudonymiser: PatientPseudonymiser
    private let logger: Logger

    package init(configuration: PseudonymiserConfiguration, logger: Logger) {
        self.pseudonymiser = PatientPseudonymiser(key: configuration.key)
        self.logger = logger
    }

    package func scopes(for date: BusinessDate) async throws -> [LakeName] { [Self.node.scope] }

    package func pendingWork(manifests: ManifestStore, logger: Logger) async throws -> [StageWorkItem] {
        try await Self.pendingDates(manifests: manifests).map { StageWorkItem(scope: Self.node.scope, date: $0) }
    }

    /// Dates whose daily ingests all succeeded and whose pseudonymisation has not, ascending.
    package static func pendingDates(manifests: ManifestStore) async throws -> [BusinessDate] {
        try await manifests.pendingDates(
            upstream: PipelineGraph.upstream(of: node).map { ($0.stage, $0.scope) }, own: (node.stage, node.scope))
    }

    package func run(context: RunContext) async throws -> StageOutcome {
        let date = context.businessDate
        // 1. Upstream: the latest succeeded manifest of every daily ingest for this date.
        var upstream: [PipelineGraph.Node: RunManifest] = [:]
        for node in PipelineGraph.upstream(of: Self.node) {
            guard let manifest = try await context.manifests.latestSucceeded(stage: node.stage, scope: node.scope, date: date) else {
                throw StageError.blocked("upstream_not_succeeded", "\(node) has no succeeded run for \(date)")
            }
            upstream[node] = manifest
            context.recordInput(manifest.asInput)
        }
        // The key map must include every earlier date: refuse to run past a date still waiting.
        if let earlier = try await Self.pendingDates(manifests: context.manifests).first(where: { $0 < date }) {
            throw StageError.blocked("earlier_date_pending", "business date \(earlier) must be pseudonymised before \(date)")
        }
        // 2. The key map as of the previous date.
        var keyMap = try await loadKeyMap(before: date, context: context)
        let keysBefore = keyMap.keyCount

        // 3. Patients first (they define today's keys), then every event entity.
        var dayPatients: [Int64: EntityRewriter.PatientVersion] = [:]
        for entity in PseudonymisationPolicy.entities {
            guard let manifest = upstream[entity.ingestNode] else { continue }
            let inputs = manifest.outputs(dataset: entity.rawValue)
            guard !inputs.isEmpty else {
                context.logger.info(
                    "no Bronze files for entity", metadata: ["event": "entity_absent", "entity": "\(entity.rawValue)"])
                context.setMetric("\(entity.rawValue).rows_in", 0)
                continue
            }
            let summary = try await rewrite(entity, inputs: inputs, keyMap: keyMap, context: context) { rewriter in
                dayPatients = rewriter.patients
            }
            if entity == .patientDemographics {
                try await publishPatientKeys(dayPatients, keyMap: &keyMap, context: context)
            }
            record(summary, entity: entity, context: context)
        }
        context.setMetric("patient_keys.total", Double(keyMap.keyCount))
        context.logger.info(
            "pseudonymised", metadata: ["event": "pseudonymised", "keys.before": "\(keysBefore)", "keys.after": "\(keyMap.keyCount)"])
        return .succeeded
    }

    /// Rewrites every Bronze part of one entity into one pseudonymised part (and one quarantine part).
    private func rewrite(
        _ entity: BronzeEntity, inputs: [ManifestOutput], keyMap: PatientKeyMap, context: RunContext,
        finished: (EntityRewriter) -> Void
    ) async throws -> EntityRewriter.Summary {
        var readers: [ParquetReader] = []
        for input in inputs { readers.append(try await context.openParquet(input)) }
        let schema = readers[0].schema
        for (reader, input) in zip(readers, inputs) where reader.schema != schema {
            throw StageError("schema_mismatch", "Bronze part \(input.key) has a different schema from \(inputs[0].key)")
        }
        let outputPath = context.temporaryPath(".parquet")
        let validates = PseudonymisationPolicy.validatesNHSNumber(entity)
        let quarantinePath = validates ? context.temporaryPath(".parquet") : nil
        defer {
            try? FileManager.default.removeItem(atPath: outputPath)
            if let quarantinePath { try? FileManager.default.removeItem(atPath: quarantinePath) }
        }
        let rewriter = try EntityRewriter(
            entity: entity, inputSchema: schema, pseudonymiser: pseudonymiser, outputPath: outputPath, quarantinePath: quarantinePath)
        for reader in readers {
            for group in 0..<reader.rowGroupCount {
                try Task.checkCancellation()
                let columns = try reader.readRowGroupColumns(group)
                if entity == .patientDemographics {
                    try rewriter.rewritePatients(columns)
                } else {
                    try rewriter.rewriteEvents(columns, keyMap: keyMap)
                }
            }
        }
        let summary = try rewriter.close()
        finished(rewriter)
        let name = try LakeName(entity.rawValue)
        let date = context.businessDate
        try await context.publish(
            file: outputPath, key: try LakeKey(.pseudonymised(entity: name, date: date, run: context.runID), file: LakeKey.partFileName(0)),
            dataset: PseudonymisationPolicy.dataset(entity), rows: summary.rowsOut)
        if let quarantinePath {
            try await context.publish(
                file: quarantinePath, key: try LakeKey(.quarantine(entity: name, date: date, run: context.runID), file: LakeKey.partFileName(0)),
                dataset: PseudonymisationPolicy.quarantineDataset(entity), rows: summary.quarantineRows)
        }
        return summary
    }

    /// Applies today's patients to the key map and publishes the changes as this date's `patient_keys`.
    private func publishPatientKeys(
        _ patients: [Int64: EntityRewriter.PatientVersion], keyMap: inout PatientKeyMap, context: RunContext
    ) async throws {
        var changes: [(Int64, String?, PatientKeyMap.Change)] = []
        for patientID in patients.keys.sorted() {
            let entry = patients[patientID]!.entry
            if let change = keyMap.apply(patientID: patientID, entry) {
                changes.append((patientID, keyMap.patientSK(patientID), change))
            }
        }
        for change in PatientKeyMap.Change.allCases {
            context.setMetric("patient_keys.\(change.rawValue)", Double(changes.filter { $0.2 == change }.count))
        }
        let key = try LakeKey(.patientKeys(date: context.businessDate, run: context.runID), file: LakeKey.partFileName(0))
        try await context.publishParquet(key: key, dataset: PseudonymisationPolicy.patientKeysDataset, schema: PatientKeysFile.schema) { writer in
            try writer.write(columns: PatientKeysFile.columns(changes))
        }
    }

    /// Replays the `patient_keys` outputs of every earlier succeeded run, oldest first.
    private func loadKeyMap(before date: BusinessDate, context: RunContext) async throws -> PatientKeyMap {
        var keyMap = PatientKeyMap()
        let node = Self.node
        for earlier in try await context.manifests.dates(stage: node.stage, scope: node.scope) where earlier < date {
            guard let manifest = try await context.manifests.latestSucceeded(stage: node.stage, scope: node.scope, date: earlier) else {
                continue
            }
            context.recordInput(manifest.asInput)
            for output in manifest.outputs(dataset: PseudonymisationPolicy.patientKeysDataset) {
                let reader = try await context.openParquet(output)
                try PatientKeysFile.replay(reader, into: &keyMap)
            }
        }
        return keyMap
    }

    private func record(_ summary: EntityRewriter.Summary, entity: BronzeEntity, context: RunContext) {
        let name = entity.rawValue
        context.setMetric("\(name).rows_in", Double(summary.rowsIn))
        context.setMetric("\(name).rows_out", Double(summary.rowsOut))
        if PseudonymisationPolicy.validatesNHSNumber(entity) {
            for reason in NHSNumberRejection.allCases {
                context.setMetric("\(name).quarantined.\(reason.rawValue)", Double(summary.quarantined[reason] ?? 0))
            }
        }
        if entity != .patientDemographics {
            context.setMetric("\(name).unresolved_patient", Double(summary.unresolvedQuarantined + summary.unresolvedUnknown))
            context.setMetric("\(name).unresolved_patient.quarantined", Double(summary.unresolvedQuarantined))
            context.setMetric("\(name).unresolved_patient.unknown", Double(summary.unresolvedUnknown))
        }
    }
}
