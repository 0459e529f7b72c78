/// Why an NHS number was not accepted (DOMAIN §3). The raw values are the `reason` column of quarantine files
/// and the suffix of the `quarantined.<reason>` manifest metrics.
package enum NHSNumberRejection: String, Error, Sendable, Hashable, CaseIterable, Codable {
    /// Null or empty (nothing left after removing spaces and hyphens).
    case missing
    /// Not exactly 10 ASCII digits after removing spaces and hyphens, or any other character present.
    case invalidFormat = "invalid_format"
    /// The Mod-11 check digit computes to 10: no valid NHS number has these nine digits.
    case mod11Invalid = "mod11_invalid"
    /// The tenth digit is not the Mod-11 check digit of the first nine.
    case mod11Mismatch = "mod11_mismatch"
}
