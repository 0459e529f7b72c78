import PipelineContracts
import PipelineRuntime
import Testing

@Suite struct StatusReportColumnTests {
    @Test func columnsFollowTheDailyGraphNotTheAlphabet() {
        let shuffled = [
            StatusReport.Column(stage: .goldExporter, scope: "export"),
            StatusReport.Column(stage: .transformRunner, scope: "gold"),
            StatusReport.Column(stage: .dqValidator, scope: "silver"),
            StatusReport.Column(stage: .transformRunner, scope: "silver"),
            StatusReport.Column(stage: .dqValidator, scope: "gold"),
            StatusReport.Column(stage: .pseudonymiser, scope: "person_level"),
            StatusReport.Column(stage: .postgresIngest, scope: "ehr"),
            StatusReport.Column(stage: .transformRunner, scope: "zz_unknown"),
        ]
        #expect(shuffled.sorted().map(\.name) == [
            "postgres-ingest/ehr", "pseudonymiser/person_level", "transform-runner/silver", "dq-validator/silver",
            "transform-runner/gold", "dq-validator/gold", "gold-exporter/export", "transform-runner/zz_unknown",
        ])
    }
}
