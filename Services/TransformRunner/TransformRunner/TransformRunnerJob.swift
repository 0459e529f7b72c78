import Foundation
import Logging
import Parquet
import PipelineContracts
import PipelineRuntime
import Postgres

/// `transform-runner`: builds one layer (Silver or Gold) of SQL models in a private warehouse schema and
/// publishes the results to the lake (ARCHITECTURE §7).
///
/// A run: resolve inputs from manifests → validate the model graph (before touching the warehouse) → connect
/// → create `run_<run id>` → create helper functions, load seeds, inputs and the previous snapshot (COPY) →
/// build the models in dependency order → write each published model as Parquet (or re-list the previous
/// snapshot's files when the table did not change) → drop the schema (also on failure).
package struct TransformRunnerJob: StageJob {
    package let configuration: TransformRunnerConfiguration
    package let catalog: ModelCatalog
    let logger: Logger

    package init(configuration: TransformRunnerConfiguration, logger: Logger) throws {
        self.configuration = configuration
        self.logger = logger
        do {
            catalog = try ModelCatalog(directory: configuration.modelsDirectory)
        } catch let error as TransformError {
            throw StageError.configuration(error.message, code: error.code.rawValue)
        }
    }

    package var stage: StageName { .transformRunner }

    package func scopes(for date: BusinessDate) async throws -> [LakeName] { [configuration.layer.node.scope] }

    package func pendingWork(manifests: ManifestStore, logger: Logger) async throws -> [StageWorkItem] {
        let node = configuration.layer.node
        let upstream = PipelineGraph.upstream(of: node).map { ($0.stage, $0.scope) }
        return try await manifests.pendingDates(upstream: upstream, own: (node.stage, node.scope)).map {
            StageWorkItem(scope: node.scope, date: $0)
        }
    }

    package func run(context: RunContext) async throws -> StageOutcome {
        _ = try await build(context: context, selection: nil, publish: true)
        return .succeeded
    }

    /// Builds the layer's models (all, or `selection` and what it needs) and, when `publish` is set, writes the
    /// published ones to the lake. Returns each built model's row count.
    ///
    /// - Throws: ``StageError``: `.blocked` from the gates, `warehouse_unavailable`, `model_failed`, … (the
    ///   warehouse's own messages only in `detail`).
    package func build(context: RunContext, selection: [String]?, publish: Bool) async throws -> [(model: String, rows: Int)] {
        do {
            return try await buildUnmapped(context: context, selection: selection, publish: publish)
        } catch let error as TransformError {
            throw StageError(error.code.rawValue, error.message, detail: error.detail)
        } catch let error as PostgresError {
            let code = error.isConnectionFailure ? TransformError.Code.warehouseUnavailable : .modelFailed
            throw StageError(code.rawValue, "warehouse error \(error.code.rawValue)\(error.sqlState.map { " (SQLSTATE \($0))" } ?? "")", detail: error.debugDescription)
        }
    }

    private func buildUnmapped(context: RunContext, selection: [String]?, publish: Bool) async throws -> [(model: String, rows: Int)] {
        let layer = configuration.layer
        let models = try catalog.models(layer: layer)
        let declared = try catalog.declaredSources(layer: layer)
        let seeds = try catalog.seeds()
        let seedNames = Set(seeds.map(\.name))
        let wanted = Set(declared.keys).union(models.flatMap(\.sources)).subtracting(seedNames)
        // The graph is checked before any input is read or the warehouse is touched.
        let graph = try ModelGraph(models: models, sources: wanted.union(seedNames))
        let chosen: [SQLModel]
        do {
            chosen = try selection.map { try graph.closure(of: $0) } ?? graph.ordered
        } catch let error as TransformError {
            throw StageError.configuration(error.message, code: error.code.rawValue)  // a bad --select is a usage error
        }
        let inputs: TransformInputs
        switch layer {
        case .silver: inputs = try await TransformInputs.silver(context: context, fullRefresh: configuration.fullRefresh, wanted: wanted)
        case .gold: inputs = try await TransformInputs.gold(context: context, wanted: wanted)
        }
        let connection = try await WarehouseConnector.connect(
            url: configuration.warehouseURL.text, password: configuration.warehousePassword?.text,
            attempts: configuration.connectAttempts, logger: context.logger)
        let schema = WarehouseSchema(connection: connection, name: WarehouseSchema.name(forRun: context.runID.description), logger: context.logger)
        do {
            await sweepStaleSchemas(connection, logger: context.logger)
            try await schema.create(statementTimeoutSeconds: configuration.statementTimeoutSeconds)
            context.logger.info("run schema created", metadata: ["event": "warehouse_schema_created", "warehouse.schema": "\(schema.name)"])
            let result = try await buildInSchema(
                schema, context: context, chosen: chosen, inputs: inputs, declared: declared, seeds: seeds, publish: publish)
            try await schema.drop()
            context.logger.info("run schema dropped", metadata: ["event": "warehouse_schema_dropped", "warehouse.schema": "\(schema.name)"])
            await connection.close()
            return result
        } catch {
            await dropAfterFailure(schema, logger: context.logger)
            await connection.close()
            throw error
        }
    }

    private func buildInSchema(
        _ schema: WarehouseSchema, context: RunContext, chosen: [SQLModel], inputs: TransformInputs,
        declared: [String: [String]], seeds: [(name: String, csv: String)], publish: Bool
    ) async throws -> [(model: String, rows: Int)] {
        let functions = try catalog.functions()
        if !functions.isEmpty { try await schema.connection.execute(functions) }
        for seed in seeds { try await schema.loadCSV(ModelExecutor.sourceTable(seed.name), csv: seed.csv) }
        // Inputs, then declared columns for inputs without files.
        for (name, files) in inputs.sources.sorted(by: { $0.key < $1.key }) {
            var rows = 0
            for file in files {
                let reader = try await context.openParquet(file.output)
                rows += try await schema.load(reader, into: ModelExecutor.sourceTable(name), lineage: file.lineage)
            }
            context.setMetric("input_rows_\(name)", Double(rows))
        }
        for (name, columns) in declared {
            try await schema.ensureDeclaredColumns(ModelExecutor.sourceTable(name), declared: columns, lineage: configuration.layer == .silver)
        }
        for (dataset, files) in inputs.previous.sorted(by: { $0.key < $1.key }) {
            for output in files {
                let reader = try await context.openParquet(output)
                _ = try await schema.load(reader, into: ModelExecutor.previousTable(dataset), lineage: nil)
            }
        }
        let executor = ModelExecutor(
            schema: schema, variables: variables(for: context.businessDate, runID: context.runID),
            computations: [
                "inequality": InequalityComputation(
                    disclosure: DisclosureControl(threshold: configuration.suppressionThreshold, rounding: configuration.suppressionRounding),
                    simulations: configuration.siiSimulations, seed: configuration.siiSeed)
            ], logger: context.logger)
        var counts: [(model: String, rows: Int)] = []
        for model in chosen {
            counts.append((model.name, try await executor.build(model)))
        }
        guard publish else { return counts }
        var written = 0
        var reused = 0
        for model in chosen where model.published {
            let rows = counts.first { $0.model == model.name }?.rows ?? 0
            context.setMetric("rows_\(model.name)", Double(rows))
            if let previous = inputs.previous[model.name], try await schema.exists(ModelExecutor.previousTable(model.name)),
                try await schema.sameContent(model.name, as: ModelExecutor.previousTable(model.name))
            {
                for output in previous { context.reuseOutput(output) }
                reused += 1
                context.logger.info("table unchanged; previous files re-listed", metadata: ["event": "table_reused", "model": "\(model.name)"])
                continue
            }
            let table = try LakeName(model.name)
            let area: LakeKey.Area =
                configuration.layer == .silver
                ? .silver(table: table, asOf: context.businessDate, run: context.runID)
                : .gold(table: table, asOf: context.businessDate, run: context.runID)
            let path = context.temporaryPath(".parquet")
            defer { try? FileManager.default.removeItem(atPath: path) }
            let unloaded = try await schema.unload(model.name, to: path)
            try await context.publish(file: path, key: try LakeKey(area, file: LakeKey.partFileName(0)), dataset: model.name, rows: unloaded)
            written += 1
        }
        context.setMetric("tables_written", Double(written))
        context.setMetric("tables_reused", Double(reused))
        if configuration.layer == .silver, let rejects = counts.first(where: { $0.model == "silver_rejects" }) {
            context.setMetric("rejected_rows", Double(rejects.rows))
        }
        return counts
    }

    /// `{{ var('…') }}` values: `as_of_date` (DATE), `as_of_end` (the instant D+1 00:00 Europe/London), `run_id`.
    package func variables(for date: BusinessDate, runID: RunID) -> [String: String] {
        [
            "as_of_date": "DATE '\(date)'",
            "as_of_end": "(TIMESTAMP '\(date.next) 00:00:00' AT TIME ZONE 'Europe/London')",
            "run_id": "'\(runID)'",
        ]
    }

    /// Drops the run schema after a failure, on a fresh connection if the run's connection is broken.
    private func dropAfterFailure(_ schema: WarehouseSchema, logger: Logger) async {
        do {
            try await schema.drop()
        } catch {
            do {
                let fresh = try await WarehouseConnector.connect(
                    url: configuration.warehouseURL.text, password: configuration.warehousePassword?.text, attempts: 2, logger: logger)
                try await WarehouseSchema(connection: fresh, name: schema.name, logger: logger).drop()
                await fresh.close()
            } catch {
                logger.error("cannot drop the run schema", metadata: ["event": "warehouse_schema_leaked", "warehouse.schema": "\(schema.name)"])
                return
            }
        }
        logger.info("run schema dropped after failure", metadata: ["event": "warehouse_schema_dropped", "warehouse.schema": "\(schema.name)"])
    }

    /// Drops `run_…` schemas left by runs that were killed more than a day ago (their run id encodes the time).
    private func sweepStaleSchemas(_ connection: PostgresConnection, logger: Logger) async {
        guard let rows = try? await connection.query("SELECT nspname FROM pg_namespace WHERE nspname ~ '^run_[0-9a-f]{32}$'") else { return }
        let cutoff = Date().addingTimeInterval(-86_400)
        for name in rows.rows.compactMap({ $0.first ?? nil }) {
            let hex = Array(name.dropFirst(4))
            let dashed = String(hex[0..<8]) + "-" + String(hex[8..<12]) + "-" + String(hex[12..<16]) + "-" + String(hex[16..<20]) + "-" + String(hex[20...])
            guard let runID = try? RunID(dashed), runID.createdAt < cutoff else { continue }
            if (try? await connection.execute("DROP SCHEMA IF EXISTS \(SQLIdentifier.quote(name)) CASCADE")) != nil {
                logger.warning("dropped a stale run schema", metadata: ["event": "warehouse_schema_swept", "warehouse.schema": "\(name)"])
            }
        }
    }
}
