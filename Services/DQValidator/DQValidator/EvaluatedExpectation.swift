import PipelineContracts

/// One expectation's result plus what the contract's ``ExpectationResult`` has no field for.
///
/// Encoded as the ``ExpectationResult`` fields with extra keys (`sample_keys`, `mostly`, `row_condition`,
/// `note`), so a reader decoding `DataQualityReport` sees a valid report and ignores the extras.
package struct EvaluatedExpectation: Sendable, Hashable, Encodable {
    package var result: ExpectationResult
    /// Up to five identifiers of failing rows (`referral_id=12`, or `row 57`); never person-level values.
    package var sampleKeys: [String]
    package var mostly: Double
    package var rowCondition: String?
    package var note: String?

    package init(result: ExpectationResult, sampleKeys: [String] = [], mostly: Double = 1, rowCondition: String? = nil, note: String? = nil) {
        self.result = result
        self.sampleKeys = sampleKeys
        self.mostly = mostly
        self.rowCondition = rowCondition
        self.note = note
    }

    private enum ExtraKeys: String, CodingKey { case sampleKeys = "sample_keys", mostly, rowCondition = "row_condition", note }

    package func encode(to encoder: any Encoder) throws {
        try result.encode(to: encoder)
        var container = encoder.container(keyedBy: ExtraKeys.self)
        try container.encode(sampleKeys, forKey: .sampleKeys)
        try container.encode(mostly, forKey: .mostly)
        try container.encodeIfPresent(rowCondition, forKey: .rowCondition)
        try container.encodeIfPresent(note, forKey: .note)
    }
}
