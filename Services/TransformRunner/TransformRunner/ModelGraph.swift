/// The models of one layer in dependency order.
///
/// Built before anything runs: a `ref()` to an unknown model, a `source()` to an undeclared input, or a
/// cycle is an error, so a broken model set never touches the warehouse.
package struct ModelGraph: Sendable {
    /// Models in an order where every model follows the models it references.
    package let ordered: [SQLModel]

    /// - Parameters:
    ///   - models: every model of the layer.
    ///   - sources: the inputs the layer provides (tables loaded before the models run).
    /// - Throws: ``TransformError`` `missingReference`, `modelCycle` or `invalidModel` (duplicate names).
    package init(models: [SQLModel], sources: Set<String>) throws {
        var byName: [String: SQLModel] = [:]
        for model in models {
            guard byName[model.name] == nil else {
                throw TransformError(.invalidModel, "two models are named \(model.name)")
            }
            byName[model.name] = model
        }
        for model in models {
            for name in model.refs where byName[name] == nil {
                throw TransformError(.missingReference, "model \(model.name) refers to unknown model '\(name)'")
            }
            for name in model.sources where !sources.contains(name) {
                throw TransformError(.missingReference, "model \(model.name) refers to unknown source '\(name)'")
            }
        }
        // Depth-first topological sort; names are visited in sorted order so the result is deterministic.
        var state: [String: Bool] = [:]  // false = in progress, true = done
        var ordered: [SQLModel] = []
        func visit(_ name: String, path: [String]) throws {
            if let done = state[name] {
                if done { return }
                let cycle = (path.drop { $0 != name } + [name]).joined(separator: " → ")
                throw TransformError(.modelCycle, "models form a cycle: \(cycle)")
            }
            state[name] = false
            let model = byName[name]!
            for dependency in model.refs.sorted() { try visit(dependency, path: path + [name]) }
            state[name] = true
            ordered.append(model)
        }
        for name in byName.keys.sorted() { try visit(name, path: []) }
        self.ordered = ordered
    }

    /// The models needed to build `selection` (the selected ones and everything they depend on), in order.
    ///
    /// - Throws: ``TransformError`` `missingReference` for a selected name that is not a model.
    package func closure(of selection: [String]) throws -> [SQLModel] {
        let byName = Dictionary(uniqueKeysWithValues: ordered.map { ($0.name, $0) })
        var needed = Set<String>()
        var stack = selection
        while let name = stack.popLast() {
            guard let model = byName[name] else {
                throw TransformError(.missingReference, "--select names unknown model '\(name.prefix(64))'")
            }
            if needed.insert(name).inserted { stack += model.refs }
        }
        return ordered.filter { needed.contains($0.name) }
    }
}
