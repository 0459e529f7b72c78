import Logging
import Parquet
import PipelineContracts

/// Evaluates suites against one Silver or Gold snapshot: one pass per table for all its expectations.
///
/// Files are the snapshot manifest's Parquet outputs, grouped by dataset (= table). Each file is read row
/// group by row group, projected to the columns the table's suite uses, so memory is bounded by one row
/// group of the checked columns plus the fingerprints kept by `unique` and `relationships`.
package struct SnapshotEvaluator: Sendable {
    /// Opens a listed output as Parquet (the job verifies SHA-256 through ``RunContext/openParquet(_:)``).
    package typealias Opener = @Sendable (ManifestOutput) async throws -> ParquetReader
    /// Rows recorded upstream for a reconciliation: (rows, where they came from), or nil when not found.
    package typealias UpstreamRows = @Sendable (UpstreamReconciliation, _ table: String) async throws -> (rows: Int, source: String)?

    package var suites: [ExpectationSuite]
    package var asOf: BusinessDate
    package var logger: Logger

    package init(suites: [ExpectationSuite], asOf: BusinessDate, logger: Logger) {
        self.suites = suites
        self.asOf = asOf
        self.logger = logger
    }

    /// Evaluates every suite against `snapshot`'s outputs.
    ///
    /// Missing tables and columns make the affected expectations fail with a message naming them.
    package func evaluate(snapshot: RunManifest, open: Opener, upstreamRows: UpstreamRows) async throws -> [EvaluatedExpectation] {
        var tables: [String: [ManifestOutput]] = [:]
        for output in snapshot.outputs where output.key.hasSuffix(".parquet") {
            tables[output.dataset, default: []].append(output)
        }
        var results: [EvaluatedExpectation] = []
        for suite in suites.sorted(by: { $0.table < $1.table }) {
            var log = logger
            log[metadataKey: "dq.table"] = "\(suite.table)"
            log.info("validating table", metadata: ["event": "validating_table"])
            let tableResults = try await evaluate(
                suite: suite, files: tables[suite.table]?.sorted { $0.key < $1.key }, allTables: tables, open: open,
                upstreamRows: upstreamRows)
            let failed = tableResults.filter { !$0.result.passed }
            log.info(
                "table validated", metadata: ["event": "table_validated", "dq.expectations": "\(tableResults.count)", "dq.failed": "\(failed.count)"])
            for failure in failed {
                log.warning(
                    "expectation failed: \(failure.result.expectation) \(failure.result.columns.joined(separator: ",")): \(failure.result.message)",
                    metadata: ["event": "validation_error", "dq.severity": "\(failure.result.severity.rawValue)"])
            }
            results += tableResults
        }
        let covered = Set(suites.map(\.table))
        for table in tables.keys.sorted() where !covered.contains(table) {
            results.append(
                EvaluatedExpectation(
                    result: ExpectationResult(
                        expectation: "suite_present", table: table, columns: [], severity: .warn, passed: false, rowsChecked: 0,
                        failingRows: 0, message: "the snapshot lists table \(table) but no suite covers it")))
        }
        return results
    }

    private func evaluate(
        suite: ExpectationSuite, files: [ManifestOutput]?, allTables: [String: [ManifestOutput]], open: Opener,
        upstreamRows: UpstreamRows
    ) async throws -> [EvaluatedExpectation] {
        guard let files, !files.isEmpty else {
            return [
                EvaluatedExpectation(
                    result: ExpectationResult(
                        expectation: "table_present", table: suite.table, columns: [], severity: .error, passed: false, rowsChecked: 0,
                        failingRows: 0, message: "table \(suite.table) is not in the snapshot manifest"))
            ]
        }
        // Open every file once (verifying each) to learn the schema; read them row group by row group below.
        var readers: [ParquetReader] = []
        for file in files { readers.append(try await open(file)) }
        let available = readers.map { Set($0.schema.columns.map(\.name)) }.reduce(into: Set<String>?.none) { acc, names in
            acc = acc.map { $0.intersection(names) } ?? names
        } ?? []

        var results: [EvaluatedExpectation] = []
        var checks: [ExpectationCheck] = []
        var reconciliations: [Expectation] = []
        for expectation in suite.expectations {
            let missing = expectation.columns.filter { !available.contains($0) }
            if !missing.isEmpty {
                results.append(
                    failure(
                        expectation, table: suite.table,
                        message: "column \(missing.joined(separator: ", ")) not found in table \(suite.table)"))
                continue
            }
            switch expectation.kind {
            case .notNull(let column): checks.append(NullCheck(expectation, column: column, wantNull: false))
            case .isNull(let column): checks.append(NullCheck(expectation, column: column, wantNull: true))
            case .unique(let column): checks.append(UniqueCheck(expectation, columns: [column], skipNulls: true))
            case .uniqueCombination(let columns): checks.append(UniqueCheck(expectation, columns: columns, skipNulls: false))
            case .acceptedValues(let column, let values): checks.append(AcceptedValuesCheck(expectation, column: column, values: values))
            case .between(let column, let min, let max): checks.append(BetweenCheck(expectation, column: column, min: min, max: max))
            case .regex(let column, let pattern):
                checks.append(RegexCheck(expectation, column: column, pattern: try ValuePattern(pattern)))
            case .rowCountBetween(let min, let max): checks.append(RowCountCheck(expectation, min: min, max: max))
            case .freshness(let column, let days):
                checks.append(FreshnessCheck(expectation, column: column, maxAgeDays: days, asOf: asOf))
            case .columnPair(let left, let op, let right): checks.append(ColumnPairCheck(expectation, left: left, op: op, right: right))
            case .relationships(let column, let parent, let field):
                switch try await parentKeys(table: parent, field: field, files: allTables[parent], open: open) {
                case .success(let keys): checks.append(RelationshipCheck(expectation, column: column, parent: "\(parent).\(field)", parentKeys: keys))
                case .failure(let problem): results.append(failure(expectation, table: suite.table, message: problem.message))
                }
            case .reconcilesWithUpstream: reconciliations.append(expectation)
            }
        }

        // The single pass: every row group once, projected to the suite's columns present in the files.
        let projection = suite.columns.filter(available.contains)
        var rowsRead = 0
        for (reader, file) in zip(readers, files) {
            let schemaColumns = projection.map { name in reader.schema.columns[reader.schema.index(of: name)!] }
            for group in 0..<reader.rowGroupCount {
                let data = try reader.readRowGroupColumns(group, columns: projection)
                var vectors: [String: ColumnVector] = [:]
                for (column, columnData) in zip(schemaColumns, data) { vectors[column.name] = ColumnVector(column: column, data: columnData) }
                let batch = EvaluationBatch(
                    table: suite.table, columns: vectors, rowCount: reader.rowGroupRowCounts[group], rowOffset: rowsRead,
                    keyColumns: suite.keyColumns.filter { !ExpectationSuite.isPersonLevel(column: $0) && available.contains($0) })
                for check in checks { check.consume(batch) }
                rowsRead += batch.rowCount
            }
            _ = file
        }
        for check in checks {
            let outcome = check.outcome()
            let expectation = check.expectation
            results.append(
                EvaluatedExpectation(
                    result: ExpectationResult(
                        expectation: expectation.name, table: suite.table, columns: expectation.reportedColumns, severity: expectation.severity,
                        passed: outcome.passed(mostly: expectation.mostly), rowsChecked: outcome.rowsChecked, failingRows: outcome.failingRows,
                        message: message(outcome.detail, expectation: expectation)),
                    sampleKeys: outcome.failingRows > 0 ? outcome.sampleKeys : [], mostly: expectation.mostly,
                    rowCondition: expectation.rowCondition?.description, note: expectation.note))
        }

        // Implicit integrity reconciliation: rows read equal rows the snapshot manifest recorded.
        let recorded = files.reduce(0) { $0 + $1.rows }
        results.append(
            EvaluatedExpectation(
                result: ExpectationResult(
                    expectation: "reconciles_with_upstream", table: suite.table, columns: [], severity: .error, passed: recorded == rowsRead,
                    rowsChecked: rowsRead, failingRows: abs(recorded - rowsRead),
                    message: "\(rowsRead) rows read; the snapshot manifest records \(recorded)"),
                note: "rows read equal rows recorded in the snapshot manifest"))
        for expectation in reconciliations {
            guard case .reconcilesWithUpstream(let rule) = expectation.kind else { continue }
            results.append(try await reconcile(expectation, rule: rule, table: suite.table, rows: rowsRead, upstreamRows: upstreamRows))
        }
        return results
    }

    private func reconcile(
        _ expectation: Expectation, rule: UpstreamReconciliation, table: String, rows: Int, upstreamRows: UpstreamRows
    ) async throws -> EvaluatedExpectation {
        guard rule.stage != nil else {
            // The snapshot manifest itself: already covered by the implicit check; report it again as declared.
            return EvaluatedExpectation(
                result: ExpectationResult(
                    expectation: expectation.name, table: table, columns: [], severity: expectation.severity, passed: true, rowsChecked: rows,
                    failingRows: 0, message: "\(rows) rows; see the snapshot-manifest reconciliation"),
                note: expectation.note)
        }
        guard let upstream = try await upstreamRows(rule, table) else {
            return failure(
                expectation, table: table,
                message: "no succeeded \(rule.stage!)/\(rule.scope!) manifest with dataset \(rule.dataset ?? "?") found for as-of \(asOf)")
        }
        let difference = rows - upstream.rows
        let passed: Bool
        switch rule.relation {
        case .equal: passed = abs(difference) <= rule.tolerance
        case .atMost: passed = difference <= rule.tolerance
        case .atLeast: passed = -difference <= rule.tolerance
        }
        let relation = rule.relation == .equal ? "equal to" : (rule.relation == .atMost ? "at most" : "at least")
        return EvaluatedExpectation(
            result: ExpectationResult(
                expectation: expectation.name, table: table, columns: [], severity: expectation.severity, passed: passed, rowsChecked: rows,
                failingRows: passed ? 0 : abs(difference),
                message: "\(rows) rows vs \(upstream.rows) \(rule.dataset ?? "") rows in \(upstream.source); expected \(relation)\(rule.tolerance > 0 ? " (±\(rule.tolerance))" : "")"),
            mostly: 1, note: expectation.note)
    }

    private struct Problem: Error { var message: String }

    /// The fingerprints of `table.field`, read in one projected pass.
    private func parentKeys(table: String, field: String, files: [ManifestOutput]?, open: Opener) async throws -> Result<FingerprintSet, Problem> {
        guard let files, !files.isEmpty else { return .failure(Problem(message: "parent table \(table) is not in the snapshot manifest")) }
        var keys = FingerprintSet()
        for file in files {
            let reader = try await open(file)
            guard let index = reader.schema.index(of: field) else {
                return .failure(Problem(message: "column \(field) not found in table \(table)"))
            }
            for group in 0..<reader.rowGroupCount {
                let data = try reader.readRowGroupColumns(group, columns: [field])
                let vector = ColumnVector(column: reader.schema.columns[index], data: data[0])
                keys.reserveCapacity(keys.count + vector.rowCount)
                for row in 0..<vector.rowCount where !vector.isNull(row) { keys.insert(ValueKey([vector], row: row)) }
            }
        }
        return .success(keys)
    }

    private func failure(_ expectation: Expectation, table: String, message: String) -> EvaluatedExpectation {
        EvaluatedExpectation(
            result: ExpectationResult(
                expectation: expectation.name, table: table, columns: expectation.reportedColumns, severity: expectation.severity, passed: false,
                rowsChecked: 0, failingRows: 0, message: message),
            mostly: expectation.mostly, rowCondition: expectation.rowCondition?.description, note: expectation.note)
    }

    private func message(_ detail: String, expectation: Expectation) -> String {
        var text = detail
        if expectation.mostly < 1 { text += "; mostly \(ColumnVector.format(expectation.mostly * 100))% must pass" }
        if let condition = expectation.rowCondition { text += "; where \(condition.description)" }
        return text
    }
}
