/// The daily graph (ARCHITECTURE §6) as data: which (stage, scope) pairs exist and what each waits for.
///
/// A scope is the unit a stage records a manifest for. Downstream stages find their inputs only through
/// the latest succeeded manifests of the upstream pairs listed here.
package enum PipelineGraph {
    /// A (stage, scope) pair.
    package struct Node: Sendable, Hashable, CustomStringConvertible {
        package var stage: StageName
        package var scope: LakeName

        package init(_ stage: StageName, _ scope: LakeName) {
            self.stage = stage
            self.scope = scope
        }

        package var description: String { "\(stage)/\(scope)" }
    }

    package static let ehrIngest = Node(.postgresIngest, "ehr")
    package static let urgentCareIngest = Node(.postgresIngest, "urgent_care")
    package static let appointmentsIngest = Node(.sftpIngest, "appointments")
    package static let diagnosticsIngest = Node(.s3CopyIngest, "diagnostics")
    /// Reference data (providers/sites, LSOA→IMD, ethnicity codes): versioned by the export date that
    /// delivered it; downstream reads the latest succeeded version on or before its date.
    package static let referenceIngest = Node(.s3CopyIngest, "reference")
    package static let pseudonymise = Node(.pseudonymiser, "person_level")
    package static let silver = Node(.transformRunner, "silver")
    package static let silverQuality = Node(.dqValidator, "silver")
    package static let gold = Node(.transformRunner, "gold")
    package static let goldQuality = Node(.dqValidator, "gold")
    package static let export = Node(.goldExporter, "export")

    /// The business-dated ingest pairs that must all succeed for a date before pseudonymisation.
    package static let dailyIngest: [Node] = [ehrIngest, urgentCareIngest, appointmentsIngest, diagnosticsIngest]

    /// Every node in graph order.
    package static let all: [Node] = dailyIngest + [referenceIngest, pseudonymise, silver, silverQuality, gold, goldQuality, export]

    /// What a node waits for on the same business date (reference data is looked up separately).
    package static func upstream(of node: Node) -> [Node] {
        switch node {
        case pseudonymise: return dailyIngest
        case silver: return [pseudonymise]
        case silverQuality: return [silver]
        case gold: return [silverQuality]
        case goldQuality: return [gold]
        case export: return [goldQuality]
        default: return []
        }
    }
}

/// Bronze sources and entities as the ingest stages write them (`bronze/source=<source>/entity=<entity>/…`).
///
/// Column names in Bronze are the source's own names (REFERENCE.md §1). Person-level entities carry an
/// NHS number or a source patient id and are read only by the pseudonymiser.
package enum BronzeEntity: String, Sendable, CaseIterable {
    case patientDemographics = "patient_demographics"
    case encounters
    case referrals
    case diagnoses
    case urgentCareLogs = "urgent_care_logs"
    case appointments
    case diagnosticsOrders = "diagnostics_orders"
    case providers
    case lsoaImd = "lsoa_imd"
    case ethnicityCodes = "ethnicity_codes"

    package var source: LakeName {
        switch self {
        case .patientDemographics, .encounters, .referrals, .diagnoses: return "ehr"
        case .urgentCareLogs: return "urgent_care"
        case .appointments: return "sftp"
        case .diagnosticsOrders, .providers, .lsoaImd, .ethnicityCodes: return "trust_s3"
        }
    }

    package var name: LakeName { try! LakeName(rawValue) }

    /// True for entities holding person-level identifiers (NHS number or source patient id).
    package var isPersonLevel: Bool {
        switch self {
        case .providers, .lsoaImd, .ethnicityCodes: return false
        default: return true
        }
    }

    /// The ingest node whose manifest lists this entity's Bronze files.
    package var ingestNode: PipelineGraph.Node {
        switch source.description {
        case "ehr": return PipelineGraph.ehrIngest
        case "urgent_care": return PipelineGraph.urgentCareIngest
        case "sftp": return PipelineGraph.appointmentsIngest
        default: return isPersonLevel ? PipelineGraph.diagnosticsIngest : PipelineGraph.referenceIngest
        }
    }
}
