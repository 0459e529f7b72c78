import Foundation

/// Parses model files: header comments and `{{ … }}` templates.
package enum SQLModelParser {
    /// Parses one model file named `name` (the file name without `.sql`).
    ///
    /// - Throws: ``TransformError`` `invalidModel` for an unknown header key or materialisation, a malformed
    ///   template, or an incremental model without `unique_key`.
    package static func parse(name: String, text: String) throws -> SQLModel {
        guard isValidName(name) else {
            throw TransformError(.invalidModel, "model name '\(name.prefix(64))' must be lower-case letters, digits and _")
        }
        var header: [String: String] = [:]
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty { continue }
            guard trimmed.hasPrefix("--") else { break }
            let comment = trimmed.dropFirst(2).trimmingCharacters(in: .whitespaces)
            guard let colon = comment.firstIndex(of: ":") else { continue }
            let key = comment[..<colon].trimmingCharacters(in: .whitespaces)
            guard knownKeys.contains(key) else {
                // Prose comments ("RTT: …", "Note: …") are not header keys; only lower_snake words are.
                if key.isEmpty || !key.unicodeScalars.allSatisfy({ ($0 >= "a" && $0 <= "z") || $0 == "_" }) { continue }
                throw TransformError(.invalidModel, "model \(name): unknown header key '\(key.prefix(40))'")
            }
            header[key] = comment[comment.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        guard let kind = SQLModel.Materialization(rawValue: header["materialized"] ?? "table") else {
            throw TransformError(.invalidModel, "model \(name): materialized must be table, view, incremental or computed")
        }
        let uniqueKey = (header["unique_key"] ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty }
        if kind == .incremental && uniqueKey.isEmpty {
            throw TransformError(.invalidModel, "model \(name): an incremental model needs unique_key")
        }
        if kind == .computed && header["computed_by"] == nil {
            throw TransformError(.invalidModel, "model \(name): a computed model needs computed_by")
        }
        let published: Bool
        switch header["published"]?.lowercased() {
        case nil: published = kind != .view
        case "true": published = true
        case "false": published = false
        default: throw TransformError(.invalidModel, "model \(name): published must be true or false")
        }
        if published && kind == .view {
            throw TransformError(.invalidModel, "model \(name): a view cannot be published")
        }
        var refs: [String] = []
        var sources: [String] = []
        for template in try templates(in: text, model: name) {
            switch template.function {
            case "ref": if !refs.contains(template.argument) { refs.append(template.argument) }
            case "source": if !sources.contains(template.argument) { sources.append(template.argument) }
            default: break
            }
        }
        return SQLModel(
            name: name, materialization: kind, uniqueKey: uniqueKey, orderBy: header["order_by"], previous: header["previous"],
            published: published, computedBy: header["computed_by"], body: text, refs: refs, sources: sources)
    }

    /// One `{{ function('argument') }}` occurrence.
    package struct Template: Sendable, Hashable {
        package var function: String
        package var argument: String
        package var range: Range<String.Index>
    }

    /// Every template in `text`, in order.
    package static func templates(in text: String, model: String) throws -> [Template] {
        var result: [Template] = []
        var searchStart = text.startIndex
        while let open = text.range(of: "{{", range: searchStart..<text.endIndex) {
            guard let close = text.range(of: "}}", range: open.upperBound..<text.endIndex) else {
                throw TransformError(.invalidModel, "model \(model): unclosed {{")
            }
            let inner = text[open.upperBound..<close.lowerBound].trimmingCharacters(in: .whitespaces)
            guard let paren = inner.firstIndex(of: "("), inner.hasSuffix(")") else {
                throw TransformError(.invalidModel, "model \(model): malformed template {{ \(inner.prefix(60)) }}")
            }
            let function = inner[..<paren].trimmingCharacters(in: .whitespaces)
            var argument = inner[inner.index(after: paren)..<inner.index(before: inner.endIndex)].trimmingCharacters(in: .whitespaces)
            guard ["ref", "source", "var"].contains(function), argument.count >= 2,
                let first = argument.first, first == "'" || first == "\"", argument.last == first
            else {
                throw TransformError(.invalidModel, "model \(model): unsupported template {{ \(inner.prefix(60)) }}")
            }
            argument = String(argument.dropFirst().dropLast())
            guard isValidName(argument) else {
                throw TransformError(.invalidModel, "model \(model): invalid name '\(argument.prefix(64))' in template")
            }
            result.append(Template(function: function, argument: argument, range: open.lowerBound..<close.upperBound))
            searchStart = close.upperBound
        }
        return result
    }

    /// Replaces every template: `ref`/`source` with `resolve(function, name)`, `var` with `variable(name)`.
    package static func render(
        _ model: SQLModel, resolve: (String, String) throws -> String, variable: (String) throws -> String
    ) throws -> String {
        var output = ""
        var cursor = model.body.startIndex
        for template in try templates(in: model.body, model: model.name) {
            output += model.body[cursor..<template.range.lowerBound]
            output += template.function == "var" ? try variable(template.argument) : try resolve(template.function, template.argument)
            cursor = template.range.upperBound
        }
        output += model.body[cursor...]
        return output
    }

    /// Names are `[a-z0-9_]`, starting with a letter or `_`, at most 48 characters (room for suffixes
    /// within PostgreSQL's 63-byte identifiers).
    package static func isValidName(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, name.unicodeScalars.count <= 48 else { return false }
        guard (first >= "a" && first <= "z") || first == "_" else { return false }
        return name.unicodeScalars.allSatisfy { ($0 >= "a" && $0 <= "z") || ($0 >= "0" && $0 <= "9") || $0 == "_" }
    }

    private static let knownKeys: Set<String> = ["materialized", "unique_key", "order_by", "previous", "published", "computed_by"]
}
