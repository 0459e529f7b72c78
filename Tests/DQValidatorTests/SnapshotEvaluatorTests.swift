import Foundation
import Logging
import Parquet
import PipelineContracts
import PipelineRuntime
import Testing

@testable import DQValidator

/// Each expectation type on a hand-built table: the good table passes, one targeted defect fails it.
@Suite struct SnapshotEvaluatorTests {
    static let asOf = try! BusinessDate(iso: "2024-03-10")

    static let schema = ParquetSchema([
        ParquetColumn("id", .int64, nullable: false), ParquetColumn("code", .string), ParquetColumn("status", .string),
        ParquetColumn("amount", .double), ParquetColumn("n", .int32), ParquetColumn("start", .timestamp(unit: .microseconds, isAdjustedToUTC: true)),
        ParquetColumn("finish", .timestamp(unit: .microseconds, isAdjustedToUTC: true)), ParquetColumn("day", .date),
        ParquetColumn("parent_id", .int32), ParquetColumn("flag", .boolean), ParquetColumn("patient_sk", .string),
    ])

    static func row(_ id: Int64, _ code: String, _ status: String, _ amount: Double, n: Int32?, startHour: Int64, day: Int32, parent: Int32, flag: Bool) -> [ParquetValue] {
        let start = Int64(asOf.daysSinceEpoch) * 86_400_000_000 + startHour * 3_600_000_000
        return [
            .int64(id), .string(code), .string(status), .double(amount), n.map { .int32($0) } ?? .null, .timestamp(start),
            .timestamp(start + 3_600_000_000), .date(day), .int32(parent), .bool(flag), .string(String(repeating: "ab", count: 32)),
        ]
    }

    static var goodRows: [[ParquetValue]] {
        let recent = Int32(asOf.daysSinceEpoch - 1)
        return [
            row(1, "ABC001", "OPEN", 10, n: 1, startHour: 1, day: recent, parent: 1, flag: true),
            row(2, "ABC002", "CLOSED", 20, n: 2, startHour: 2, day: recent - 3, parent: 2, flag: false),
            row(3, "XYZ003", "CLOSED", 30, n: nil, startHour: 3, day: recent - 5, parent: 1, flag: true),
            row(4, "XYZ004", "OPEN", 40, n: 4, startHour: 4, day: recent - 9, parent: 2, flag: false),
        ]
    }

    struct Case: CustomTestStringConvertible, Sendable {
        var name: String
        var yaml: String
        var breakRows: @Sendable (inout [[ParquetValue]]) -> Void
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(name: "not_null", yaml: "- not_null: {column: code}") { $0[1][1] = .null },
        Case(name: "is_null", yaml: "- is_null: {column: n, row_condition: \"code == 'XYZ003'\"}") { $0[2][4] = .int32(7) },
        Case(name: "unique", yaml: "- unique: {column: id}") { $0[3][0] = .int64(1) },
        // Ascending ids take the fast path; an equal neighbour or a repeat after a gap must still be caught.
        Case(name: "unique (equal neighbours)", yaml: "- unique: {column: id}") { $0[2][0] = .int64(2) },
        Case(name: "unique (int32 with nulls)", yaml: "- unique: {column: n}") { $0[3][4] = .int32(1) },
        Case(name: "unique_combination", yaml: "- unique_combination: {columns: [status, parent_id]}") { $0[3][8] = .int32(1) },
        Case(name: "accepted_values", yaml: "- accepted_values: {column: status, values: [OPEN, CLOSED]}") { $0[0][2] = .string("PENDING") },
        Case(name: "accepted_values (bool)", yaml: "- accepted_values: {column: flag, values: [\"true\"], row_condition: \"code == 'ABC001'\"}") { $0[0][9] = .bool(false) },
        Case(name: "between", yaml: "- between: {column: amount, min: 0, max: 100}") { $0[2][3] = .double(150) },
        Case(name: "between with row_condition", yaml: "- between: {column: amount, min: 15, row_condition: \"status == 'CLOSED'\"}") { $0[1][3] = .double(5) },
        Case(name: "between with and-joined row_condition", yaml: "- between: {column: amount, min: 25, row_condition: \"status == 'CLOSED' and code != 'ABC002'\"}") { $0[2][3] = .double(5) },
        Case(name: "regex", yaml: "- regex: {column: code, pattern: \"^[A-Z]{3}[0-9]{3}$\"}") { $0[0][1] = .string("ab12") },
        Case(name: "row_count_between", yaml: "- row_count_between: {min: 4, max: 4}") { $0.removeLast() },
        Case(name: "relationships", yaml: "- relationships: {column: parent_id, to: parents, field: id}") { $0[1][8] = .int32(99) },
        Case(name: "freshness", yaml: "- freshness: {column: day, max_age_days: 2}") { rows in
            for i in rows.indices { rows[i][7] = .date(Int32(asOf.daysSinceEpoch - 30)) }
        },
        Case(name: "freshness (timestamp)", yaml: "- freshness: {column: start, max_age_days: 0}") { rows in
            for i in rows.indices { rows[i][5] = .timestamp(Int64(asOf.daysSinceEpoch - 3) * 86_400_000_000) }
        },
        Case(name: "column_pair", yaml: "- column_pair: {left: finish, op: \">=\", right: start}") { $0[2][6] = .timestamp(0) },
        Case(name: "mostly", yaml: "- not_null: {column: n, mostly: 0.7}") { $0[0][4] = .null },
        Case(name: "reconciles_with_upstream", yaml: "- reconciles_with_upstream: {stage: transform-runner, scope: silver, dataset: things, relation: equal}") {
            $0.append($0[0]); $0[4][0] = .int64(5)
        },
    ]

    func evaluate(_ yaml: String, rows: [[ParquetValue]]) async throws -> [EvaluatedExpectation] {
        let fixture = try LakeFixture()
        defer { fixture.remove() }
        let run = RunID.generate()
        let things = try await fixture.writeTable("things", layer: "gold", asOf: Self.asOf, run: run, schema: Self.schema, rows: rows)
        let parents = try await fixture.writeTable(
            "parents", layer: "gold", asOf: Self.asOf, run: run, schema: ParquetSchema([ParquetColumn("id", .int64)]), rows: [[.int64(1)], [.int64(2)]])
        let snapshot = try await fixture.commit(PipelineGraph.gold, date: Self.asOf, run: run, outputs: [things, parents])
        let suite = try ExpectationSuite(yaml: "table: things\nkey_columns: [id]\nexpectations:\n  " + yaml, source: "test.yaml")
        let lake = fixture.lake
        let evaluator = SnapshotEvaluator(suites: [suite], asOf: Self.asOf, logger: Logger(label: "test"))
        return try await evaluator.evaluate(
            snapshot: snapshot, open: { try ParquetReader(bytes: try await lake.get(key: $0.key), name: $0.key) },
            upstreamRows: { rule, _ in rule.dataset == "things" ? (4, "upstream") : nil }
        ).filter { $0.result.table == "things" }
    }

    @Test(arguments: cases)
    func expectationPassesOnGoodDataAndFailsOnTheDefect(_ testCase: Case) async throws {
        let good = try await evaluate(testCase.yaml, rows: Self.goodRows)
        let declared = try #require(good.first)
        #expect(good.allSatisfy { $0.result.passed }, "\(good.map(\.result.message))")
        var rows = Self.goodRows
        testCase.breakRows(&rows)
        let bad = try await evaluate(testCase.yaml, rows: rows)
        let failed = bad.filter { !$0.result.passed }
        #expect(failed.count == 1, "\(bad.map(\.result.message))")
        #expect(failed.first?.result.expectation == declared.result.expectation)
        #expect(failed.first?.result.table == "things")
    }

    @Test func failingRowsAreCountedWithSampleKeysButNoPersonValues() async throws {
        var rows = Self.goodRows
        rows[1][1] = .null
        rows[3][1] = .null
        let results = try await evaluate("- not_null: {column: code}\n  - regex: {column: patient_sk, pattern: \"^[0-9]+$\"}", rows: rows)
        let notNull = try #require(results.first { $0.result.expectation == "not_null" })
        #expect(notNull.result.failingRows == 2)
        #expect(notNull.result.rowsChecked == 4)
        #expect(notNull.sampleKeys == ["id=2", "id=4"])
        let regex = try #require(results.first { $0.result.expectation == "regex" })
        #expect(regex.result.failingRows == 4)
        let everything = results.map { $0.result.message + $0.sampleKeys.joined() }.joined()
        #expect(!everything.contains("abab"))
    }

    @Test func missingColumnFailsNamingTableAndColumn() async throws {
        let results = try await evaluate("- not_null: {column: no_such_column}", rows: Self.goodRows)
        let failure = try #require(results.first { $0.result.expectation == "not_null" })
        #expect(!failure.result.passed)
        #expect(failure.result.message.contains("no_such_column"))
        #expect(failure.result.message.contains("things"))
    }

    @Test func regexFastPathAgreesWithTheGeneralEngine() throws {
        let patterns = [
            "^[0-9a-f]{64}$", "^[A-Z]{3}[0-9]{3}$", "^Cat [1-5]$", "^\\d+(\\.\\d+)?$", "ab+c", "^[^x]*$", "^a.?b{2,}$",
            "^.{2}$", "^[^a]b$", "^[a-z]{2}", "^é$",
        ]
        let values = [
            "ab", "ABC123", "Cat 3", "Cat 6", "12.5", "12.", "abbbc", "xyz", "", "abb", "aXbb", String(repeating: "a1", count: 32), "é1",
            "é", "éb", "xb", "abé", "ab\n",
        ]
        for pattern in patterns {
            let compiled = try ValuePattern(pattern)
            for value in values {
                let fast = Array(value.utf8).withUnsafeBufferPointer { compiled.matches($0) }
                #expect(fast == compiled.matches(value), "\(pattern) on \(value)")
            }
        }
    }
}
