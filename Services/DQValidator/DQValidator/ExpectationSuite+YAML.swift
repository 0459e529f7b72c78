import PipelineContracts
import Yams

extension ExpectationSuite {
    /// Parses one suite file.
    ///
    /// - Parameters:
    ///   - yaml: the file's text.
    ///   - source: the file name, used in error messages.
    /// - Throws: ``DQValidatorError`` — `suite_syntax` for YAML errors, `unknown_expectation` for a name this
    ///   validator does not implement, `invalid_suite` for missing or mistyped parameters.
    package init(yaml: String, source: String) throws {
        let root: Node?
        do {
            root = try Yams.compose(yaml: yaml)
        } catch {
            throw DQValidatorError(.suiteSyntax, "\(source): YAML syntax error: \(String(describing: error).prefix(300))")
        }
        guard let mapping = root?.mapping else {
            throw DQValidatorError(.invalidSuite, "\(source): a suite is a mapping with 'table' and 'expectations'")
        }
        var reader = ParameterReader(mapping: mapping, context: source)
        let table = try reader.requiredString("table")
        let keyColumns = try reader.optionalStrings("key_columns") ?? []
        guard let items = reader.take("expectations")?.sequence else {
            throw DQValidatorError(.invalidSuite, "\(source): 'expectations' must be a list")
        }
        try reader.finish()
        var expectations: [Expectation] = []
        for (index, item) in items.enumerated() {
            expectations.append(try ExpectationSuite.expectation(item, context: "\(source) expectation #\(index + 1)"))
        }
        self.init(table: table, keyColumns: keyColumns, expectations: expectations, source: source)
    }

    private static func expectation(_ node: Node, context: String) throws -> Expectation {
        guard let mapping = node.mapping, mapping.count == 1, let (nameNode, body) = mapping.first.map({ ($0.key, $0.value) }),
            let name = nameNode.string
        else {
            throw DQValidatorError(.invalidSuite, "\(context): each expectation is '- <name>: {parameters}'")
        }
        let parameters = body.mapping ?? Node.Mapping([])
        if body.mapping == nil, !(body.scalar?.string.isEmpty ?? false), body.null == nil {
            throw DQValidatorError(.invalidSuite, "\(context) (\(name)): parameters must be a mapping")
        }
        let context = "\(context) (\(name))"
        var reader = ParameterReader(mapping: parameters, context: context)
        let kind: Expectation.Kind
        switch name {
        case "not_null": kind = .notNull(column: try reader.requiredColumn("column"))
        case "is_null": kind = .isNull(column: try reader.requiredColumn("column"))
        case "unique": kind = .unique(column: try reader.requiredColumn("column"))
        case "unique_combination":
            guard let columns = try reader.optionalStrings("columns"), columns.count >= 2 else {
                throw DQValidatorError(.invalidSuite, "\(context): 'columns' must list at least two columns")
            }
            kind = .uniqueCombination(columns: columns)
        case "accepted_values":
            let column = try reader.requiredColumn("column")
            guard let values = try reader.optionalStrings("values"), !values.isEmpty else {
                throw DQValidatorError(.invalidSuite, "\(context): 'values' must be a non-empty list")
            }
            kind = .acceptedValues(column: column, values: values)
        case "between":
            let column = try reader.requiredColumn("column")
            let min = try reader.optionalNumber("min")
            let max = try reader.optionalNumber("max")
            guard min != nil || max != nil else { throw DQValidatorError(.invalidSuite, "\(context): give 'min', 'max' or both") }
            if let min, let max, min > max { throw DQValidatorError(.invalidSuite, "\(context): 'min' is greater than 'max'") }
            kind = .between(column: column, min: min, max: max)
        case "regex":
            let column = try reader.requiredColumn("column")
            let pattern = try reader.requiredString("pattern")
            _ = try ValuePattern(pattern, context: context)
            kind = .regex(column: column, pattern: pattern)
        case "row_count_between":
            let min = try reader.optionalNumber("min").map { Int($0) }
            let max = try reader.optionalNumber("max").map { Int($0) }
            guard min != nil || max != nil else { throw DQValidatorError(.invalidSuite, "\(context): give 'min', 'max' or both") }
            kind = .rowCountBetween(min: min, max: max)
        case "relationships":
            kind = .relationships(
                column: try reader.requiredColumn("column"), table: try reader.requiredColumn("to"),
                field: try reader.requiredColumn("field"))
        case "freshness":
            let column = try reader.requiredColumn("column")
            guard let days = try reader.optionalNumber("max_age_days"), days >= 0, days == days.rounded() else {
                throw DQValidatorError(.invalidSuite, "\(context): 'max_age_days' must be a whole number ≥ 0")
            }
            kind = .freshness(column: column, maxAgeDays: Int(days))
        case "column_pair":
            let left = try reader.requiredColumn("left")
            let right = try reader.requiredColumn("right")
            let text = try reader.requiredString("op")
            guard let op = ComparisonOperator(rawValue: text) else {
                throw DQValidatorError(.invalidSuite, "\(context): 'op' must be one of ==, !=, <, <=, >, >=")
            }
            kind = .columnPair(left: left, op: op, right: right)
        case "reconciles_with_upstream":
            kind = .reconcilesWithUpstream(try reconciliation(&reader, context: context))
        default:
            throw DQValidatorError(.unknownExpectation, "\(context): unknown expectation '\(name.prefix(60))'")
        }
        let severityText = try reader.optionalString("severity") ?? "error"
        guard let severity = ExpectationResult.Severity(rawValue: severityText) else {
            throw DQValidatorError(.invalidSuite, "\(context): severity must be 'error' or 'warn'")
        }
        let mostly = try reader.optionalNumber("mostly") ?? 1
        guard (0...1).contains(mostly) else { throw DQValidatorError(.invalidSuite, "\(context): 'mostly' must be in [0, 1]") }
        let condition = try reader.optionalString("row_condition").map { try RowCondition(parsing: $0) }
        let note = try reader.optionalString("note")
        try reader.finish()
        return Expectation(kind: kind, severity: severity, mostly: mostly, rowCondition: condition, note: note)
    }

    private static func reconciliation(_ reader: inout ParameterReader, context: String) throws -> UpstreamReconciliation {
        var result = UpstreamReconciliation()
        if let stage = try reader.optionalString("stage") {
            do {
                result.stage = try StageName(parsing: stage)
                result.scope = try LakeName(try reader.requiredString("scope"))
            } catch let error as DQValidatorError {
                throw error
            } catch {
                throw DQValidatorError(.invalidSuite, "\(context): \(error)")
            }
            result.dataset = try reader.requiredString("dataset")
        }
        if let relation = try reader.optionalString("relation") {
            guard let parsed = UpstreamReconciliation.Relation(rawValue: relation) else {
                throw DQValidatorError(.invalidSuite, "\(context): relation must be equal, at_most or at_least")
            }
            result.relation = parsed
        }
        result.tolerance = Int(try reader.optionalNumber("tolerance") ?? 0)
        result.cumulative = try reader.optionalBool("cumulative") ?? false
        if result.stage == nil, result.cumulative {
            throw DQValidatorError(.invalidSuite, "\(context): 'cumulative' needs 'stage', 'scope' and 'dataset'")
        }
        return result
    }
}

/// Reads named parameters out of a YAML mapping and rejects any it did not consume (catches typos).
struct ParameterReader {
    private var entries: [(key: String, value: Node)]
    let context: String

    init(mapping: Node.Mapping, context: String) {
        self.entries = mapping.map { (key: $0.key.string ?? "", value: $0.value) }
        self.context = context
    }

    mutating func take(_ name: String) -> Node? {
        guard let index = entries.firstIndex(where: { $0.key == name }) else { return nil }
        return entries.remove(at: index).value
    }

    mutating func optionalString(_ name: String) throws -> String? {
        guard let node = take(name) else { return nil }
        guard let scalar = node.scalar else { throw DQValidatorError(.invalidSuite, "\(context): '\(name)' must be text") }
        return scalar.string
    }

    mutating func requiredString(_ name: String) throws -> String {
        guard let value = try optionalString(name), !value.isEmpty else {
            throw DQValidatorError(.invalidSuite, "\(context): '\(name)' is required")
        }
        return value
    }

    mutating func requiredColumn(_ name: String) throws -> String {
        let value = try requiredString(name)
        guard RowCondition.isIdentifier(value) else {
            throw DQValidatorError(.invalidSuite, "\(context): '\(name)' must be a column or table name")
        }
        return value
    }

    mutating func optionalNumber(_ name: String) throws -> Double? {
        guard let node = take(name) else { return nil }
        guard let value = node.float ?? node.int.map(Double.init), value.isFinite else {
            throw DQValidatorError(.invalidSuite, "\(context): '\(name)' must be a number")
        }
        return value
    }

    mutating func optionalBool(_ name: String) throws -> Bool? {
        guard let node = take(name) else { return nil }
        guard let value = node.bool else { throw DQValidatorError(.invalidSuite, "\(context): '\(name)' must be true or false") }
        return value
    }

    mutating func optionalStrings(_ name: String) throws -> [String]? {
        guard let node = take(name) else { return nil }
        guard let items = node.sequence else { throw DQValidatorError(.invalidSuite, "\(context): '\(name)' must be a list") }
        return try items.map { item in
            guard let scalar = item.scalar else { throw DQValidatorError(.invalidSuite, "\(context): '\(name)' must list plain values") }
            return scalar.string
        }
    }

    func finish() throws {
        if let extra = entries.first {
            throw DQValidatorError(.invalidSuite, "\(context): unknown parameter '\(extra.key.prefix(60))'")
        }
    }
}
