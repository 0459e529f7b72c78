import Testing
import TransformRunner

@Suite struct ModelGraphTests {
    func model(_ name: String, _ body: String) throws -> SQLModel { try SQLModelParser.parse(name: name, text: body) }

    @Test func parsesHeaderAndReferences() throws {
        let parsed = try model(
            "encounters",
            """
            -- materialized: incremental
            -- unique_key: encounter_id
            -- order_by: updated_at DESC
            -- previous: encounters
            -- A prose comment: ignored.
            SELECT * FROM {{ ref('stg_encounters') }} JOIN {{ source("providers") }} ON true WHERE d < {{ var('as_of_date') }}
            """)
        #expect(parsed.materialization == .incremental)
        #expect(parsed.uniqueKey == ["encounter_id"])
        #expect(parsed.orderBy == "updated_at DESC")
        #expect(parsed.refs == ["stg_encounters"])
        #expect(parsed.sources == ["providers"])
        #expect(parsed.published)
    }

    @Test func ordersModelsAfterTheirDependencies() throws {
        let graph = try ModelGraph(
            models: [
                try model("c", "SELECT * FROM {{ ref('b') }} JOIN {{ ref('a') }} ON true"),
                try model("b", "SELECT * FROM {{ ref('a') }}"),
                try model("a", "SELECT * FROM {{ source('input') }}"),
            ], sources: ["input"])
        #expect(graph.ordered.map(\.name) == ["a", "b", "c"])
        #expect(try graph.closure(of: ["b"]).map(\.name) == ["a", "b"])
    }

    @Test func rejectsACycleBeforeAnythingRuns() throws {
        let error = #expect(throws: TransformError.self) {
            try ModelGraph(
                models: [
                    try model("a", "SELECT * FROM {{ ref('c') }}"), try model("b", "SELECT * FROM {{ ref('a') }}"),
                    try model("c", "SELECT * FROM {{ ref('b') }}"),
                ], sources: [])
        }
        #expect(error?.code == .modelCycle)
        #expect(error?.message.contains("a → c → b → a") == true)
    }

    @Test func rejectsAMissingModelOrSource() throws {
        let missingModel = #expect(throws: TransformError.self) {
            try ModelGraph(models: [try model("a", "SELECT * FROM {{ ref('nowhere') }}")], sources: [])
        }
        #expect(missingModel?.code == .missingReference)
        let missingSource = #expect(throws: TransformError.self) {
            try ModelGraph(models: [try model("a", "SELECT * FROM {{ source('nowhere') }}")], sources: ["input"])
        }
        #expect(missingSource?.code == .missingReference)
        let unknownSelection = #expect(throws: TransformError.self) {
            try ModelGraph(models: [try model("a", "SELECT 1")], sources: []).closure(of: ["b"])
        }
        #expect(unknownSelection?.code == .missingReference)
    }

    @Test func rejectsMalformedHeadersAndTemplates() {
        #expect(throws: TransformError.self) { try SQLModelParser.parse(name: "a", text: "-- materialized: snapshot\nSELECT 1") }
        #expect(throws: TransformError.self) { try SQLModelParser.parse(name: "a", text: "-- materialized: incremental\nSELECT 1") }
        #expect(throws: TransformError.self) { try SQLModelParser.parse(name: "a", text: "SELECT * FROM {{ ref('a') ") }
        #expect(throws: TransformError.self) { try SQLModelParser.parse(name: "a", text: "SELECT {{ env('HOME') }}") }
        #expect(throws: TransformError.self) { try SQLModelParser.parse(name: "A-b", text: "SELECT 1") }
    }

    @Test func bundledModelsFormValidGraphs() throws {
        let catalog = try ModelCatalog()
        for layer in TransformLayer.allCases {
            let models = try catalog.models(layer: layer)
            let seeds = Set(try catalog.seeds().map(\.name))
            let declared = Set(try catalog.declaredSources(layer: layer).keys)
            let sources = declared.union(models.flatMap(\.sources)).subtracting(seeds)
            let graph = try ModelGraph(models: models, sources: sources.union(seeds))
            #expect(graph.ordered.count == models.count)
        }
        let silver = try catalog.models(layer: .silver).filter(\.published).map(\.name).sorted()
        #expect(silver == ["appointments", "diagnoses", "diagnostics_orders", "encounters", "patients", "providers", "referrals", "silver_rejects", "urgent_care"])
        let gold = try catalog.models(layer: .gold).filter(\.published).map(\.name).sorted()
        #expect(gold == ["dim_date", "dim_ethnicity", "dim_imd", "dim_patient", "dim_site", "dim_specialty", "fct_inequality",
                         "fct_urgent_care", "fct_utilisation", "fct_wait_times"])
    }
}
