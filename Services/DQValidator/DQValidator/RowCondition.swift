/// A row filter: one or more clauses joined by `and`, each `column op literal`, `column is null` or
/// `column is not null`.
///
/// Kept deliberately simple: no `or`, no parentheses; a number, a quoted string or `true`/`false` on the right.
/// Example: `metric_name == 'dna_rate' and stratum != 'RII'`.
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

    /// One `column test` comparison.
    package struct Clause: Sendable, Hashable {
        package var column: String
        package var test: Test
    }

    /// Every clause must hold for a row to be selected.
    package var clauses: [Clause]
    package let description: String

    /// The columns the condition reads.
    package var columns: [String] { clauses.map(\.column) }

    /// Parses the condition text.
    ///
    /// - Throws: ``DQValidatorError`` `invalid_suite` naming the text when it does not follow the grammar.
    package init(parsing text: String) throws {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        description = trimmed
        clauses = try RowCondition.splitOnAnd(trimmed).map { try RowCondition.clause($0, in: trimmed) }
    }

    /// Splits on the keyword `and` (any case) outside quoted strings.
    private static func splitOnAnd(_ text: String) -> [String] {
        var parts: [String] = []
        var current = ""
        var quote: Character?
        let words = Array(text)
        var index = 0
        while index < words.count {
            let character = words[index]
            if let open = quote {
                if character == open { quote = nil }
            } else if character == "'" || character == "\"" {
                quote = character
            } else if character == " ", index + 4 < words.count, String(words[(index + 1)...(index + 3)]).lowercased() == "and",
                words[index + 4] == " "
            {
                parts.append(current)
                current = ""
                index += 5
                continue
            }
            current.append(character)
            index += 1
        }
        parts.append(current)
        return parts.map { $0.trimmingCharacters(in: .whitespaces) }
    }

    private static func clause(_ text: String, in condition: String) throws -> Clause {
        let parts = text.split(separator: " ", maxSplits: 1, omittingEmptySubsequences: true).map(String.init)
        guard parts.count == 2, RowCondition.isIdentifier(parts[0]) else {
            throw DQValidatorError(.invalidSuite, "row_condition '\(condition.prefix(80))' must be 'column op value [and …]'")
        }
        let rest = parts[1].trimmingCharacters(in: .whitespaces)
        let lowered = rest.lowercased()
        if lowered == "is null" { return Clause(column: parts[0], test: .isNull) }
        if lowered == "is not null" { return Clause(column: parts[0], test: .isNotNull) }
        // Longest operators first so `<=` is not read as `<`.
        for op in [ComparisonOperator.lessOrEqual, .greaterOrEqual, .equal, .notEqual, .less, .greater] where rest.hasPrefix(op.rawValue) {
            let value = rest.dropFirst(op.rawValue.count).trimmingCharacters(in: .whitespaces)
            return Clause(column: parts[0], test: .compare(op, try RowCondition.literal(value, in: condition)))
        }
        throw DQValidatorError(
            .invalidSuite, "row_condition '\(condition.prefix(80))' has no operator (==, !=, <, <=, >, >=, is null, is not null)")
    }

    private static func literal(_ text: String, in condition: String) throws -> Literal {
        if text.count >= 2, let first = text.first, first == "'" || first == "\"", text.last == first {
            return .text(String(text.dropFirst().dropLast()))
        }
        if text == "true" || text == "false" { return .bool(text == "true") }
        if let number = Double(text), number.isFinite { return .number(number) }
        throw DQValidatorError(.invalidSuite, "row_condition '\(condition.prefix(80))': value must be a number, 'quoted text', true or false")
    }

    /// A column name: a letter or `_`, then letters, digits or `_`.
    static func isIdentifier(_ text: String) -> Bool {
        guard let first = text.utf8.first, !(48...57).contains(first) else { return false }
        return text.utf8.allSatisfy { ($0 >= 97 && $0 <= 122) || ($0 >= 65 && $0 <= 90) || ($0 >= 48 && $0 <= 57) || $0 == 95 }
    }
}

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif
