import Foundation
import Logging
import Postgres

/// A Swift step behind a `computed` model: receives the rows of the model's query (text values) and returns
/// the table to create.
package protocol ModelComputation: Sendable {
    /// Computes the table from `input` (the model query's rows).
    func compute(_ input: PostgresRows) throws -> ComputedTable
}

/// The result of a ``ModelComputation``: typed columns and rows of text values (nil = NULL).
package struct ComputedTable: Sendable {
    package var columns: [(name: String, type: WarehouseColumnType)]
    package var rows: [[String?]]

    package init(columns: [(name: String, type: WarehouseColumnType)], rows: [[String?]]) {
        self.columns = columns
        self.rows = rows
    }
}

/// Builds models in dependency order inside a ``WarehouseSchema``.
package struct ModelExecutor: Sendable {
    package let schema: WarehouseSchema
    /// Run variables for `{{ var('name') }}`, already SQL literals.
    package let variables: [String: String]
    /// Computations for `computed` models, by `computed_by` name.
    package let computations: [String: any ModelComputation]
    package let logger: Logger

    package init(schema: WarehouseSchema, variables: [String: String], computations: [String: any ModelComputation], logger: Logger) {
        self.schema = schema
        self.variables = variables
        self.computations = computations
        self.logger = logger
    }

    /// The table an input is loaded into.
    package static func sourceTable(_ name: String) -> String { "src_" + name }

    /// The table holding the previous snapshot of a published dataset.
    package static func previousTable(_ dataset: String) -> String { "prev_" + dataset }

    /// The model's SQL with every template resolved.
    package func render(_ model: SQLModel) throws -> String {
        try SQLModelParser.render(
            model,
            resolve: { function, name in
                function == "ref" ? schema.qualified(name) : schema.qualified(ModelExecutor.sourceTable(name))
            },
            variable: { name in
                guard let value = variables[name] else {
                    throw TransformError(.missingReference, "model \(model.name) uses unknown variable '\(name)'")
                }
                return value
            })
    }

    /// Builds one model and returns its row count (views: 0).
    ///
    /// - Throws: ``TransformError`` `modelFailed` (the server's message only in `detail`), or
    ///   `warehouseUnavailable` when the connection broke.
    @discardableResult
    package func build(_ model: SQLModel) async throws -> Int {
        let sql = try render(model)
        let started = Date()
        do {
            switch model.materialization {
            case .table:
                try await schema.connection.execute("CREATE TABLE \(schema.qualified(model.name)) AS \(sql)")
            case .view:
                try await schema.connection.execute("CREATE VIEW \(schema.qualified(model.name)) AS \(sql)")
            case .incremental:
                try await buildIncremental(model, sql: sql)
            case .computed:
                try await buildComputed(model, sql: sql)
            }
        } catch let error as PostgresError {
            throw ModelExecutor.classify(error, model: model.name)
        }
        let rows = model.materialization == .view ? 0 : try await schema.count(model.name)
        logger.info(
            "model built", metadata: ["event": "model_built", "model": "\(model.name)", "rows": "\(rows)",
                "duration_ms": "\(Int(Date().timeIntervalSince(started) * 1000))"])
        return rows
    }

    /// Maps a warehouse error to a transform error without leaking server detail (which can quote values).
    package static func classify(_ error: PostgresError, model: String) -> TransformError {
        if error.isConnectionFailure {
            return TransformError(.warehouseUnavailable, "the warehouse connection was lost while building \(model)", detail: error.debugDescription)
        }
        let state = error.sqlState.map { " (SQLSTATE \($0))" } ?? ""
        return TransformError(.modelFailed, "model \(model) failed in the warehouse\(state)", detail: error.debugDescription)
    }

    /// New rows (the body) ∪ the previous snapshot, one row per `unique_key` chosen by `order_by`.
    private func buildIncremental(_ model: SQLModel, sql: String) async throws {
        let increment = model.name + "__increment"
        let previous = ModelExecutor.previousTable(model.previousDataset)
        try await schema.connection.execute("CREATE TABLE \(schema.qualified(increment)) AS \(sql)")
        let columns = try await schema.columns(of: increment)
        if try await !schema.exists(previous) {
            try await schema.connection.execute(
                "CREATE TABLE \(schema.qualified(previous)) AS SELECT * FROM \(schema.qualified(increment)) WHERE false")
        }
        let previousColumns = Set(try await schema.columns(of: previous).map(\.name))
        var previousList: [String] = []
        for column in columns {
            let type = try await schema.formatType(table: increment, column: column.name)
            let quoted = SQLIdentifier.quote(column.name)
            previousList.append(previousColumns.contains(column.name) ? "\(quoted)::\(type) AS \(quoted)" : "NULL::\(type) AS \(quoted)")
        }
        let list = columns.map { SQLIdentifier.quote($0.name) }.joined(separator: ", ")
        let key = model.uniqueKey.map(SQLIdentifier.quote).joined(separator: ", ")
        // Every column after the model's own order: rows the model's order ties on are ranked the same way in
        // every run (identical rows are interchangeable), so a snapshot never depends on the warehouse's sort.
        let order = (model.orderBy.map { [$0] } ?? []) + columns.map { "\(SQLIdentifier.quote($0.name)) NULLS LAST" }
        try await schema.connection.execute(
            """
            CREATE TABLE \(schema.qualified(model.name)) AS
            SELECT \(list) FROM (
                SELECT \(list), row_number() OVER (PARTITION BY \(key) ORDER BY \(order.joined(separator: ", "))) AS __rank
                FROM (
                    SELECT \(list) FROM \(schema.qualified(increment))
                    UNION ALL
                    SELECT \(previousList.joined(separator: ", ")) FROM \(schema.qualified(previous))
                ) unioned
            ) ranked
            WHERE __rank = 1
            """)
    }

    private func buildComputed(_ model: SQLModel, sql: String) async throws {
        guard let name = model.computedBy, let computation = computations[name] else {
            throw TransformError(.invalidModel, "model \(model.name): no computation named \(model.computedBy ?? "")")
        }
        let input = try await schema.connection.query(sql)
        let table = try computation.compute(input)
        try await schema.createTable(model.name, columns: table.columns)
        let columnList = table.columns.map { SQLIdentifier.quote($0.name) }.joined(separator: ", ")
        _ = try await schema.connection.copyIn("COPY \(schema.qualified(model.name)) (\(columnList)) FROM STDIN") { writer in
            var buffer: [UInt8] = []
            for row in table.rows {
                for (index, value) in row.enumerated() {
                    if index > 0 { buffer.append(0x09) }
                    if let value { CopyTextCodec.escape(Array(value.utf8), into: &buffer) } else { buffer += [0x5C, 0x4E] }
                }
                buffer.append(0x0A)
                if buffer.count >= 1 << 20 {
                    try await writer.write(buffer)
                    buffer.removeAll(keepingCapacity: true)
                }
            }
            if !buffer.isEmpty { try await writer.write(buffer) }
        }
    }
}
