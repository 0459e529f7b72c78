import Testing

@testable import DQValidator

@Suite struct RowConditionTests {
    @Test func clausesJoinWithAndOutsideQuotes() throws {
        let condition = try RowCondition(parsing: "metric_type == 'proportion' AND stratum != 'SII' and note == 'cats and dogs'")
        #expect(condition.columns == ["metric_type", "stratum", "note"])
        #expect(condition.clauses[2].test == .compare(.equal, .text("cats and dogs")), "'and' inside quotes is data")
        #expect(condition.clauses[1].test == .compare(.notEqual, .text("SII")))
    }

    @Test func nullTestsAndNumbersParse() throws {
        let condition = try RowCondition(parsing: "metric_value is null and population_count >= 5")
        #expect(condition.clauses.map(\.test) == [.isNull, .compare(.greaterOrEqual, .number(5))])
    }

    @Test func malformedConditionsNameTheText() {
        for text in ["status ==", "a == 1 and", "1bad == 2", "a == 1 or b == 2", "a ~ 3"] {
            #expect(throws: DQValidatorError.self, "\(text)") { try RowCondition(parsing: text) }
        }
    }
}
