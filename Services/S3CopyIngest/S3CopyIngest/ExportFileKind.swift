import PipelineContracts

/// The Trust export files this stage understands, recognised by name; anything else is reported, not guessed.
package enum ExportFileKind: Sendable, Equatable {
    case diagnosticOrders
    case providerWorkbook
    case lsoaImdLookup
    case ethnicityCodeMapping

    package init?(fileName: String, feed: TrustExportListing.Feed) {
        switch feed {
        case .diagnostics:
            guard fileName.hasSuffix("_diagnostic_orders.csv") else { return nil }
            self = .diagnosticOrders
        case .reference:
            switch fileName {
            case "sites_and_services_master.xlsx": self = .providerWorkbook
            case "lsoa_imd_lookup.csv": self = .lsoaImdLookup
            case "ethnicity_code_mapping.csv": self = .ethnicityCodeMapping
            default: return nil
            }
        }
    }

    /// The Bronze entity the file is converted into.
    package var entity: BronzeEntity {
        switch self {
        case .diagnosticOrders: return .diagnosticsOrders
        case .providerWorkbook: return .providers
        case .lsoaImdLookup: return .lsoaImd
        case .ethnicityCodeMapping: return .ethnicityCodes
        }
    }
}
