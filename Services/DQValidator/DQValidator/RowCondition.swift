/// A filter on one column, `column op literal`, `column is null` or `column is not null`.
///
/// Kept deliberately simple: one comparison, a number, a quoted string or `true`/`false` on the right.
package struct RowCondition: Sendable, Hashable, CustomStringConvertible {
    /// What the row's value is compared with.
    package enum Test: Sendable, Hashable {
        case isNull
        case isNotNull
        case compare(ComparisonOperator, Literal)
    }

    /// The right-hand side of a comparison.
    package enum Literal: Sendable, Hashable {
        case number(Double)
        case text(String)
        case bool(Bool)
    }

    package var column: String
    package var test: Test
    package let description: String

    /// Parses the condition text.
    ///
    /// - Throws: ``DQValidatorError`` `invalid_suite` naming the text when it does not follow the grammar.
    package init(parsing text: String) throws {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        description = trimmed
        let parts = trimmed.split(separator: " ", maxSplits: 1, omittingEmptySubsequences: true).map(String.init)
        guard parts.count == 2, RowCondition.isIdentifier(parts[0]) else {
            throw DQValidatorError(.invalidSuite, "row_condition '\(trimmed.prefix(80))' must be 'column op value'")
        }
        column = parts[0]
        let rest = parts[1].trimmingCharacters(in: .whitespaces)
        let lowered = rest.lowercased()
        if lowered == "is null" {
            test = .isNull
            return
        }
        if lowered == "is not null" {
            test = .isNotNull
            return
        }
        // Longest operators first so `<=` is not read as `<`.
        for op in [ComparisonOperator.lessOrEqual, .greaterOrEqual, .equal, .notEqual, .less, .greater] where rest.hasPrefix(op.rawValue) {
            let value = rest.dropFirst(op.rawValue.count).trimmingCharacters(in: .whitespaces)
            test = .compare(op, try RowCondition.literal(value, in: trimmed))
            return
        }
        throw DQValidatorError(.invalidSuite, "row_condition '\(trimmed.prefix(80))' has no operator (==, !=, <, <=, >, >=, is null, is not null)")
    }

    private static func literal(_ text: String, in condition: String) throws -> Literal {
        if text.count >= 2, let first = text.first, first == "'" || first == "\"", text.last == first {
            return .text(String(text.dropFirst().dropLast()))
        }
        if text == "true" || text == "false" { return .bool(text == "true") }
        if let number = Double(text), number.isFinite { return .number(number) }
        throw DQValidatorError(.invalidSuite, "row_condition '\(condition.prefix(80))': value must be a number, 'quoted text', true or false")
    }

    static func isIdentifier(_ text: String) -> Bool {
        !text.isEmpty && text.utf8.allSatisfy { ($0 >= 97 && $0 <= 122) || ($0 >= 65 && $0 <= 90) || ($0 >= 48 && $0 <= 57) || $0 == 95 }
    }
}

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif
