/// Fixed reference lists of the synthetic Trust (REFERENCE.md §1.2, §1.3, §5.9).
package enum ReferenceCatalogue {
    /// One small area with its deprivation decile.
    package struct Area: Sendable, Hashable {
        package var lsoaCode: String
        package var imdDecile: Int
        package var imdRank: Int
        package var postcodeSector: String
        package var localAuthority: String
    }

    /// An ethnicity as the source records it (free-text ONS label) with its NHS Data Dictionary code.
    package struct Ethnicity: Sendable, Hashable {
        package var label: String
        package var code: String
        package var description: String
        package var group: String
        /// Probability among patients before scaling for "not stated".
        package var share: Double
        /// How strongly residence skews to IMD deciles 1–3.
        package var deprivationBias: Double
        /// Extra elective wait (days, inclusive range) and extra DNA probability: the ethnic gradient.
        package var extraWait: ClosedRange<Int>
        package var extraDNA: Double
    }

    // Decile-ordered rows: code, sector, local authority (REFERENCE §5.9).
    private static let areaRows: [(Int, String, String, String)] = [
        (1, "E01005650", "M7 3", "Salford"), (1, "E01005655", "M7 1", "Salford"), (1, "E01005400", "OL1 2", "Oldham"),
        (1, "E01005410", "OL8 1", "Oldham"), (1, "E01004850", "BL3 6", "Bolton"), (1, "E01004860", "BL3 5", "Bolton"),
        (1, "E01005510", "OL11 1", "Rochdale"), (1, "E01005520", "OL16 2", "Rochdale"),
        (1, "E01005100", "M14 4", "Manchester"), (1, "E01005110", "M11 3", "Manchester"),
        (2, "E01004870", "BL1 3", "Bolton"), (2, "E01004880", "BL2 1", "Bolton"), (2, "E01005120", "M40 7", "Manchester"),
        (2, "E01005130", "M9 4", "Manchester"), (2, "E01006020", "OL6 6", "Tameside"), (2, "E01006030", "OL7 0", "Tameside"),
        (2, "E01006300", "WN1 3", "Wigan"), (2, "E01006310", "WN5 0", "Wigan"),
        (3, "E01004950", "BL9 0", "Bury"), (3, "E01004960", "BL8 1", "Bury"), (3, "E01005530", "OL12 6", "Rochdale"),
        (3, "E01005540", "OL12 0", "Rochdale"), (3, "E01005660", "M6 5", "Salford"), (3, "E01005670", "M6 7", "Salford"),
        (3, "E01005140", "M8 5", "Manchester"), (3, "E01005150", "M18 7", "Manchester"),
        (4, "E01006320", "WN2 3", "Wigan"), (4, "E01006330", "WN3 4", "Wigan"), (4, "E01006040", "SK14 1", "Tameside"),
        (4, "E01006050", "SK14 4", "Tameside"), (4, "E01005420", "OL4 1", "Oldham"), (4, "E01005430", "OL4 3", "Oldham"),
        (4, "E01004890", "BL4 7", "Bolton"), (4, "E01004900", "BL5 1", "Bolton"),
        (5, "E01005160", "M19 2", "Manchester"), (5, "E01005170", "M20 1", "Manchester"), (5, "E01005680", "M5 3", "Salford"),
        (5, "E01005690", "M50 1", "Salford"), (5, "E01004970", "BL0 9", "Bury"), (5, "E01004980", "M25 1", "Bury"),
        (5, "E01005550", "OL10 4", "Rochdale"), (5, "E01005560", "OL15 8", "Rochdale"),
        (6, "E01005840", "SK1 3", "Stockport"), (6, "E01005850", "SK2 5", "Stockport"), (6, "E01006160", "M32 0", "Trafford"),
        (6, "E01006170", "M33 2", "Trafford"), (6, "E01006340", "WN4 8", "Wigan"), (6, "E01006350", "WN6 7", "Wigan"),
        (6, "E01006060", "SK15 1", "Tameside"), (6, "E01006070", "SK15 3", "Tameside"),
        (7, "E01004990", "BL9 5", "Bury"), (7, "E01005000", "BL9 7", "Bury"), (7, "E01004910", "BL6 4", "Bolton"),
        (7, "E01004920", "BL7 9", "Bolton"), (7, "E01005860", "SK3 8", "Stockport"), (7, "E01005870", "SK4 1", "Stockport"),
        (7, "E01005180", "M21 7", "Manchester"), (7, "E01005190", "M22 4", "Manchester"),
        (8, "E01006180", "M33 4", "Trafford"), (8, "E01006190", "WA15 6", "Trafford"), (8, "E01005880", "SK4 4", "Stockport"),
        (8, "E01005890", "SK5 6", "Stockport"), (8, "E01005440", "OL2 5", "Oldham"), (8, "E01005450", "OL3 5", "Oldham"),
        (8, "E01005700", "M27 4", "Salford"), (8, "E01005710", "M28 3", "Salford"),
        (9, "E01005900", "SK7 4", "Stockport"), (9, "E01005910", "SK8 1", "Stockport"), (9, "E01006200", "WA14 3", "Trafford"),
        (9, "E01006210", "WA14 5", "Trafford"), (9, "E01005010", "BL0 0", "Bury"), (9, "E01005020", "M45 6", "Bury"),
        (9, "E01005200", "M20 2", "Manchester"), (9, "E01005210", "M20 6", "Manchester"),
        (10, "E01006220", "WA15 0", "Trafford"), (10, "E01006230", "WA14 4", "Trafford"),
        (10, "E01005920", "SK7 1", "Stockport"), (10, "E01005930", "SK8 6", "Stockport"),
        (10, "E01004930", "BL1 7", "Bolton"), (10, "E01004940", "BL7 8", "Bolton"), (10, "E01005030", "BL8 4", "Bury"),
        (10, "E01005040", "M45 7", "Bury"),
    ]

    private static let ranks = [
        327, 412, 518, 634, 789, 856, 943, 1102, 1245, 1389, 1823, 2015, 2234, 2456, 2678, 2890, 3102, 3345, 4567, 4789,
        5012, 5234, 5456, 5678, 5890, 6102, 7234, 7456, 7678, 7890, 8102, 8345, 8567, 8789, 10234, 10456, 10678, 10890,
        11102, 11345, 11567, 11789, 14234, 14456, 14678, 14890, 15102, 15345, 15567, 15789, 18234, 18456, 18678, 18890,
        19102, 19345, 19567, 19789, 22234, 22456, 22678, 22890, 23102, 23345, 23567, 23789, 26234, 26456, 26678, 26890,
        27102, 27345, 27567, 27789, 30234, 30456, 30678, 30890, 31102, 31345, 31567, 31789,
    ]

    /// The 82 Greater Manchester LSOAs (10 in decile 1, 8 in each of deciles 2–10).
    package static let areas: [Area] = zip(areaRows, ranks).map { row, rank in
        Area(lsoaCode: row.1, imdDecile: row.0, imdRank: rank, postcodeSector: row.2, localAuthority: row.3)
    }

    /// Patient ethnicities (REFERENCE §1.2) with their NHS Data Dictionary codes and designed gradients.
    package static let ethnicities: [Ethnicity] = [
        Ethnicity(label: "White British", code: "A", description: "White - British", group: "White", share: 0.680, deprivationBias: 0, extraWait: 0...0, extraDNA: 0),
        Ethnicity(label: "White Irish", code: "B", description: "White - Irish", group: "White", share: 0.020, deprivationBias: 0, extraWait: 0...0, extraDNA: 0),
        Ethnicity(label: "White Other", code: "C", description: "White - Any other White background", group: "White", share: 0.065, deprivationBias: 0, extraWait: 0...0, extraDNA: 0),
        Ethnicity(label: "Pakistani", code: "J", description: "Asian or Asian British - Pakistani", group: "Asian", share: 0.065, deprivationBias: 0.70, extraWait: 12...29, extraDNA: 0.08),
        Ethnicity(label: "Bangladeshi", code: "K", description: "Asian or Asian British - Bangladeshi", group: "Asian", share: 0.020, deprivationBias: 0.75, extraWait: 12...29, extraDNA: 0.08),
        Ethnicity(label: "Indian", code: "H", description: "Asian or Asian British - Indian", group: "Asian", share: 0.025, deprivationBias: 0.20, extraWait: 3...14, extraDNA: 0.03),
        Ethnicity(label: "Chinese", code: "R", description: "Other Ethnic Groups - Chinese", group: "Other", share: 0.015, deprivationBias: 0, extraWait: 3...14, extraDNA: 0.03),
        Ethnicity(label: "Other Asian", code: "L", description: "Asian or Asian British - Any other Asian background", group: "Asian", share: 0.010, deprivationBias: 0.25, extraWait: 3...14, extraDNA: 0.03),
        Ethnicity(label: "Black African", code: "N", description: "Black or Black British - African", group: "Black", share: 0.025, deprivationBias: 0.50, extraWait: 8...24, extraDNA: 0.06),
        Ethnicity(label: "Black Caribbean", code: "M", description: "Black or Black British - Caribbean", group: "Black", share: 0.012, deprivationBias: 0.45, extraWait: 8...24, extraDNA: 0.06),
        Ethnicity(label: "Other Black", code: "P", description: "Black or Black British - Any other Black background", group: "Black", share: 0.010, deprivationBias: 0.40, extraWait: 3...14, extraDNA: 0.03),
        Ethnicity(label: "White and Black Caribbean", code: "D", description: "Mixed - White and Black Caribbean", group: "Mixed", share: 0.010, deprivationBias: 0.30, extraWait: 3...14, extraDNA: 0.03),
        Ethnicity(label: "White and Asian", code: "F", description: "Mixed - White and Asian", group: "Mixed", share: 0.008, deprivationBias: 0, extraWait: 3...14, extraDNA: 0.03),
        Ethnicity(label: "Other Mixed", code: "G", description: "Mixed - Any other mixed background", group: "Mixed", share: 0.007, deprivationBias: 0.15, extraWait: 3...14, extraDNA: 0.03),
        Ethnicity(label: "Arab", code: "S", description: "Other Ethnic Groups - Any other ethnic group", group: "Other", share: 0.007, deprivationBias: 0.45, extraWait: 3...14, extraDNA: 0.03),
        Ethnicity(label: "Any Other", code: "S", description: "Other Ethnic Groups - Any other ethnic group", group: "Other", share: 0.015, deprivationBias: 0, extraWait: 3...14, extraDNA: 0.03),
    ]

    /// Rows of the published ethnicity mapping: every generated label, the one code the generator never
    /// uses (E), and "Not stated" (Z).
    package static let ethnicityMapping: [(label: String, code: String, description: String, group: String)] =
        ethnicities.map { ($0.label, $0.code, $0.description, $0.group) } + [
            ("White and Black African", "E", "Mixed - White and Black African", "Mixed"),
            ("Not stated", "Z", "Not stated", "Not stated"),
        ]

    /// Share of patients whose ethnicity is not stated (null in the source).
    package static let ethnicityNotStatedShare = 0.15

    /// Age bands: label, probability, ages (inclusive).
    package static let ageBands: [(label: String, share: Double, ages: ClosedRange<Int>)] = [
        ("0-15", 0.18, 0...15), ("16-24", 0.10, 16...24), ("25-44", 0.28, 25...44), ("45-64", 0.25, 45...64),
        ("65-79", 0.14, 65...79), ("80+", 0.05, 80...95),
    ]

    package static let places = [
        "Broughton", "Cheetham", "Harpurhey", "Moston", "Gorton", "Levenshulme", "Rusholme", "Longsight", "Ardwick",
        "Hulme", "Chorlton", "Didsbury", "Withington", "Fallowfield", "Eccles", "Swinton", "Walkden", "Irlam",
        "Farnworth", "Horwich", "Westhoughton", "Radcliffe", "Prestwich", "Whitefield", "Heywood", "Middleton",
        "Littleborough", "Chadderton", "Failsworth", "Royton", "Shaw", "Ashton", "Hyde", "Denton", "Stalybridge",
        "Droylsden", "Reddish", "Bramhall", "Marple", "Hazel Grove", "Sale", "Stretford", "Urmston", "Altrincham",
        "Leigh", "Hindley", "Ince", "Standish", "Atherton", "Tyldesley",
    ]

    private static let practiceSuffixes = ["Health Centre", "Medical Practice", "Surgery", "Family Practice", "Medical Centre"]

    /// The 50 GP practices: ODS-style code `P84001`… and a name.
    package static let practices: [(code: String, name: String)] = (0..<50).map { index in
        let code = "P84" + String(repeating: "0", count: 3 - String(index + 1).count) + String(index + 1)
        return (code, "\(places[index]) \(practiceSuffixes[index % practiceSuffixes.count])")
    }

    package static let hospitalNames = [
        "Northshire Royal Infirmary", "Pennine General Hospital", "Oldham Community Hospital", "Salford Royal Hospital",
    ]
    package static let communityClinicNames = [
        "Harpurhey Community Clinic", "Eccles Health Hub", "Leigh Community Centre", "Hyde Neighbourhood Clinic",
        "Stretford Wellbeing Centre", "Middleton Community Clinic", "Farnworth Health Hub", "Reddish Community Clinic",
    ]
    package static let urgentCareNames = [
        "Rochdale Urgent Care Centre", "Tameside Walk-in Centre", "Bolton Minor Injuries Unit",
        "Wigan Urgent Treatment Centre",
    ]
    package static let diagnosticCentreNames = [
        "Wythenshawe Diagnostics Hub", "Trafford Imaging Centre", "Stockport Pathology Services",
        "Oldham Diagnostic Unit",
    ]

    /// 20 UK-style 4-character ICD-10 codes (no dot) with descriptions.
    package static let diagnosisCodes: [(code: String, description: String)] = [
        ("I10X", "Essential (primary) hypertension"), ("E119", "Type 2 diabetes mellitus without complications"),
        ("J459", "Asthma, unspecified"), ("J441", "Chronic obstructive pulmonary disease with acute exacerbation"),
        ("F411", "Generalized anxiety disorder"), ("F329", "Depressive episode, unspecified"),
        ("I251", "Atherosclerotic heart disease"), ("M545", "Low back pain"),
        ("J069", "Acute upper respiratory infection, unspecified"), ("K210", "Gastro-oesophageal reflux disease with oesophagitis"),
        ("N390", "Urinary tract infection, site not specified"), ("R104", "Other and unspecified abdominal pain"),
        ("G439", "Migraine, unspecified"), ("L309", "Dermatitis, unspecified"), ("R51X", "Headache"),
        ("J189", "Pneumonia, unspecified"), ("S525", "Fracture of lower end of radius"), ("K590", "Constipation"),
        ("R079", "Chest pain, unspecified"), ("E785", "Hyperlipidaemia, unspecified"),
    ]

    package static let conditionCodes = ["HTN", "DM2", "ASTHMA", "COPD", "ANXIETY", "DEPRESSION", "SCREENING"]

    package static let referralSpecialties = [
        "Cardiology", "Respiratory", "Diabetes", "Mental Health", "MSK", "Dermatology", "ENT", "Ophthalmology",
        "Gastroenterology",
    ]

    package static let testPanels: [(type: String, panels: [String])] = [
        ("bloods", ["fbc", "lipids", "u_and_e", "lfts", "hba1c"]), ("xray", ["chest_xray", "limb_xray", "spine_xray"]),
        ("ct", ["ct_head", "ct_chest", "ct_abdomen"]), ("mri", ["mri_brain", "mri_spine", "mri_knee"]),
        ("ecg", ["resting_ecg", "stress_ecg"]),
        ("ultrasound", ["abdominal_ultrasound", "pelvic_ultrasound", "vascular_ultrasound"]),
    ]

    package static let presentingComplaints = [
        "Chest pain", "Shortness of breath", "Abdominal pain", "Headache", "Injury", "Fever", "Mental health crisis",
        "General unwell",
    ]

    /// ED arrival weights by hour 0…23 before modifiers (REFERENCE §1.3.8).
    package static let arrivalHourWeights: [Double] = [
        2, 1.5, 1, 1, 1, 1.5, 3, 5, 7, 9, 12, 14, 13, 11, 9, 8, 7, 8, 10, 11, 9, 7, 5, 3,
    ]

    package static let firstNames = [
        "Aisha", "Amir", "Bethany", "Callum", "Chloe", "Daniel", "Emma", "Fatima", "George", "Grace", "Hannah", "Imran",
        "Jack", "Jessica", "Kwame", "Laura", "Liam", "Megan", "Mohammed", "Nadia", "Oliver", "Priya", "Rachel", "Ryan",
        "Sarah", "Tariq", "Thomas", "Yasmin", "Zoe", "Adebayo",
    ]
    package static let lastNames = [
        "Ahmed", "Begum", "Brown", "Clarke", "Davies", "Evans", "Hall", "Hughes", "Hussain", "Jones", "Khan", "Lewis",
        "Mensah", "Okafor", "Patel", "Roberts", "Shah", "Smith", "Taylor", "Thompson", "Walker", "Williams", "Wilson",
        "Wright", "Young", "Ali", "Chen", "Murphy", "Kelly", "Green",
    ]
}
