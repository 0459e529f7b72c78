/// A provider site of the Trust (REFERENCE §1.3.2), as published in the sites-and-services workbook.
package struct TrustProvider: Sendable, Hashable {
    package enum Kind: String, Sendable, CaseIterable {
        case acuteHospital = "ACUTE_HOSPITAL"
        case gpPractice = "GP_PRACTICE"
        case communityClinic = "COMMUNITY_CLINIC"
        case urgentCare = "URGENT_CARE"
        case diagnosticCentre = "DIAGNOSTIC_CENTRE"
    }

    package var id: Int
    package var code: String
    package var name: String
    package var kind: Kind
    package var addressLine1: String
    package var city: String
    package var postcode: String
    package var postcodeSector: String
    package var lsoaCode: String
    package var isActive: Bool
    package var isMainSite: Bool
    package var siteStatus: String
    package var sizeBand: String
    package var openingHours: String
    package var serviceLines: String
    package var siteManagerName: String
    package var siteManagerEmail: String
    /// ED throughput multiplier for urgent-care sites (1.25, 1.10, 0.90, 1.15 cyclically); 1 elsewhere.
    package var speed: Double

    package static let parentTrustName = "Northshire Integrated Care NHS Foundation Trust"
    package static let icsRegion = "Greater Manchester Integrated Care System"

    package var hasED: Bool { kind == .urgentCare || kind == .acuteHospital }
    package var hasInpatientBeds: Bool { kind == .acuteHospital }
}

/// The Trust's 125 providers: 10 acute (ids 1–10), 75 GP (11–85), 20 community (86–105), 10 urgent care
/// (106–115), 10 diagnostic centres (116–125). Deterministic from the seed, manager names included.
package struct ProviderCatalogue: Sendable {
    package let providers: [TrustProvider]
    package let idsByKind: [TrustProvider.Kind: [Int]]

    package init(seed: UInt64, count: Int = 125) {
        var random = SimulationRandom(seed: seed, domain: .providers)
        var names = SimulationRandom(seed: seed, domain: .siteManagers)
        let plan: [(TrustProvider.Kind, Int)] = [
            (.acuteHospital, count * 8 / 100), (.gpPractice, count * 60 / 100), (.communityClinic, count * 16 / 100),
            (.urgentCare, count * 8 / 100), (.diagnosticCentre, count * 8 / 100),
        ]
        var providers: [TrustProvider] = []
        var urgentIndex = 0
        for (kind, number) in plan {
            let pool: [String]
            switch kind {
            case .acuteHospital: pool = ReferenceCatalogue.hospitalNames
            case .gpPractice: pool = ReferenceCatalogue.practices.map(\.name)
            case .communityClinic: pool = ReferenceCatalogue.communityClinicNames
            case .urgentCare: pool = ReferenceCatalogue.urgentCareNames
            case .diagnosticCentre: pool = ReferenceCatalogue.diagnosticCentreNames
            }
            for index in 0..<number {
                let id = providers.count + 1
                let area = random.pick(ReferenceCatalogue.areas)
                let prefix = String(area.postcodeSector.prefix { $0.isLetter })
                let city = ["M": "Manchester", "OL": "Oldham", "BL": "Bolton", "SK": "Stockport", "WN": "Wigan", "WA": "Warrington"][prefix] ?? "Manchester"
                let letters = Array("ABDEFGHJLNPQRSTUWXYZ")
                let postcode = "\(area.postcodeSector)\(random.int(0...9))\(random.pick(letters))\(random.pick(letters))"
                let isActive = random.chance(0.9)
                let status: String
                if isActive {
                    status = random.chance(0.9) ? "ACTIVE" : "MEASURED"
                } else {
                    status = ["TEMP_CLOSED", "CLOSED", "MERGED"][random.weighted([0.05, 0.8, 0.15])]
                }
                let size = kind == .acuteHospital ? (random.chance(0.7) ? "LARGE" : "MEDIUM") : (random.chance(0.8) ? "SMALL" : "MEDIUM")
                let hours = kind == .acuteHospital || kind == .urgentCare
                    ? "24/7" : (random.chance(0.75) ? "Mon-Fri 08:00-18:00" : "Mon-Sat 09:00-17:00")
                let first = names.pick(ReferenceCatalogue.firstNames)
                let last = names.pick(ReferenceCatalogue.lastNames)
                var speed = 1.0
                if kind == .urgentCare {
                    speed = [1.25, 1.10, 0.90, 1.15][urgentIndex % 4]
                    urgentIndex += 1
                }
                let typePrefix = String(kind.rawValue.prefix(3)).uppercased()
                providers.append(
                    TrustProvider(
                        id: id, code: typePrefix + zeroPadded3(id), name: pool[index % pool.count], kind: kind,
                        addressLine1: "\(random.int(1...199)) \(city) Road", city: city, postcode: postcode,
                        postcodeSector: area.postcodeSector, lsoaCode: area.lsoaCode, isActive: isActive,
                        isMainSite: kind == .acuteHospital && index == 0, siteStatus: status, sizeBand: size,
                        openingHours: hours, serviceLines: ProviderCatalogue.serviceLines(kind),
                        siteManagerName: "\(first) \(last)",
                        siteManagerEmail: "\(first.lowercased()).\(last.lowercased())@northshire.nhs.uk", speed: speed))
            }
        }
        self.providers = providers
        self.idsByKind = Dictionary(grouping: providers, by: \.kind).mapValues { $0.map(\.id) }
    }

    package func ids(_ kind: TrustProvider.Kind) -> [Int] { idsByKind[kind] ?? [] }

    package func provider(id: Int) -> TrustProvider { providers[id - 1] }

    private static func serviceLines(_ kind: TrustProvider.Kind) -> String {
        switch kind {
        case .acuteHospital: return "ED; Acute Medicine; Surgery; Diagnostics; Outpatients"
        case .gpPractice: return "Primary Care; Chronic Disease Management; Immunisations"
        case .communityClinic: return "Community Nursing; Physiotherapy; Mental Health"
        case .urgentCare: return "Urgent Treatment; Minor Injuries; Walk-in"
        case .diagnosticCentre: return "Imaging; Pathology; Cardiac Diagnostics"
        }
    }
}

/// A non-negative number zero-padded to three digits.
func zeroPadded3(_ value: Int) -> String {
    let text = String(value)
    return String(repeating: "0", count: max(0, 3 - text.count)) + text
}
