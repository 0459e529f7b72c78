/// A validated name used inside lake keys: a source, entity, table, scope or dataset.
///
/// Names are 1–64 characters of `a-z`, `0-9`, `_` and `-`, starting with a letter or digit, so they can
/// never escape a prefix (`..`, `/`) or collide with the `key=value` partition syntax.
package struct LakeName: Sendable, Hashable, Comparable, Codable, CustomStringConvertible, ExpressibleByStringLiteral {
    package let description: String

    package init(_ text: String) throws {
        let bytes = Array(text.utf8)
        guard (1...64).contains(bytes.count),
            bytes.allSatisfy({ (97...122).contains($0) || (48...57).contains($0) || $0 == 95 || $0 == 45 }),
            bytes[0] != 95, bytes[0] != 45
        else { throw ContractError(.invalidName, "invalid lake name '\(text.prefix(40))' (a-z, 0-9, _ and -)") }
        self.description = text
    }

    /// For literals in code only; an invalid literal is a programming error.
    package init(stringLiteral value: String) {
        do { try self.init(value) } catch { preconditionFailure("\(error)") }
    }

    package static func < (lhs: LakeName, rhs: LakeName) -> Bool { lhs.description < rhs.description }

    package init(from decoder: any Decoder) throws {
        try self.init(try decoder.singleValueContainer().decode(String.self))
    }

    package func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
