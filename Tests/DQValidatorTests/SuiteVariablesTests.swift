import Foundation
import PipelineRuntime
import PipelineTesting
import Testing

@testable import DQValidator

/// Suites read deployment settings through `${NAME}`, so the gate checks the threshold the stages apply.
@Suite struct SuiteVariablesTests {
    private func suitesFolder(_ yaml: String) throws -> TemporaryDirectory {
        let folder = try TemporaryDirectory(prefix: "dq-suite-variables")
        try FileManager.default.createDirectory(atPath: folder.file("gold"), withIntermediateDirectories: true)
        try yaml.write(toFile: folder.file("gold/cells.yaml"), atomically: true, encoding: .utf8)
        return folder
    }

    @Test func theSuppressionThresholdComesFromSettings() throws {
        let folder = try suitesFolder("table: cells\nexpectations:\n  - between: {column: population_count, min: ${SUPPRESSION_THRESHOLD}}\n")
        defer { folder.remove() }
        let configuration = try DQValidatorConfiguration(
            settings: Settings(environment: ["DQ_LAYER": "gold", "DQ_SUITES_DIR": folder.path, "SUPPRESSION_THRESHOLD": "10"]))
        let suites = try SuiteCatalog.load(layer: "gold", directory: folder.path, variables: configuration.suiteVariables)
        #expect(suites.first?.expectations.first?.kind == .between(column: "population_count", min: 10, max: nil))

        let defaults = try DQValidatorConfiguration(settings: Settings(environment: ["DQ_LAYER": "gold"]))
        #expect(defaults.suiteVariables["SUPPRESSION_THRESHOLD"] == "5")
    }

    @Test func anUnknownOrUnterminatedVariableIsASuiteError() throws {
        for text in ["min: ${NO_SUCH_SETTING}", "min: ${SUPPRESSION_THRESHOLD"] {
            let folder = try suitesFolder("table: cells\nexpectations:\n  - between: {column: population_count, \(text)}\n")
            defer { folder.remove() }
            #expect(throws: DQValidatorError.self) {
                try SuiteCatalog.load(layer: "gold", directory: folder.path, variables: ["SUPPRESSION_THRESHOLD": "5"])
            }
        }
    }

    @Test func theBundledGoldSuitesLoadWithTheDefaultThreshold() throws {
        let suites = try SuiteCatalog.load(layer: "gold", variables: DQValidatorConfiguration(layer: .gold).suiteVariables)
        #expect(suites.contains { $0.table == "fct_inequality" })
    }
}
