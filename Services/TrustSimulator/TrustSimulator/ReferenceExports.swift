/// The Trust's reference exports (`reference/export_date=YYYYMMDD/…` in the Trust bucket): the provider
/// workbook, the LSOA→IMD lookup and the ethnicity code mapping. Deterministic from the seed.
package struct ReferenceExports: Sendable {
    /// File name → bytes.
    package let files: [(name: String, bytes: [UInt8])]

    package static let providerColumns = [
        "provider_id", "provider_code", "site_name", "provider_type", "parent_trust_name", "ics_region",
        "address_line_1", "city", "postcode", "postcode_sector", "lsoa_code", "is_main_site", "site_status", "has_ed",
        "has_inpatient_beds", "size_band", "opening_hours", "service_lines", "site_manager_name", "site_manager_email",
    ]

    package init(parameters: SimulationParameters) throws {
        let catalogue = ProviderCatalogue(seed: parameters.seed)
        let rows: [[XLSXWorkbookWriter.Cell]] = catalogue.providers.map { provider in
            [
                .integer(provider.id), .text(provider.code), .text(provider.name), .text(provider.kind.rawValue),
                .text(TrustProvider.parentTrustName), .text(TrustProvider.icsRegion), .text(provider.addressLine1),
                .text(provider.city), .text(provider.postcode), .text(provider.postcodeSector), .text(provider.lsoaCode),
                .boolean(provider.isMainSite), .text(provider.siteStatus), .boolean(provider.hasED),
                .boolean(provider.hasInpatientBeds), .text(provider.sizeBand), .text(provider.openingHours),
                .text(provider.serviceLines), .text(provider.siteManagerName), .text(provider.siteManagerEmail),
            ]
        }
        let workbook = try XLSXWorkbookWriter.workbook(sheetName: "sites_and_services", header: Self.providerColumns, rows: rows)

        var random = SimulationRandom(seed: parameters.seed, domain: .reference, index: 1)
        var lookup = RowEncoder(format: .csv)
        lookup.header(["lsoa_code", "imd_decile", "imd_rank", "population"])
        for area in ReferenceCatalogue.areas {
            lookup.text(area.lsoaCode)
            lookup.int(area.imdDecile)
            lookup.int(area.imdRank)
            lookup.int(random.int(1200...2400))
            lookup.endRow()
        }
        var mapping = RowEncoder(format: .csv)
        mapping.header(["ethnicity_label", "ethnicity_code", "ethnicity_description", "ethnicity_group"])
        for row in ReferenceCatalogue.ethnicityMapping {
            mapping.text(row.label)
            mapping.text(row.code)
            mapping.text(row.description)
            mapping.text(row.group)
            mapping.endRow()
        }
        files = [
            (SourceFileNames.providerWorkbook, workbook), (SourceFileNames.lsoaLookup, lookup.bytes),
            (SourceFileNames.ethnicityMapping, mapping.bytes),
        ]
    }
}
