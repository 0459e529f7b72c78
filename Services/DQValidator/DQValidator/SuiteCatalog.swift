import Foundation

/// Loads the suites of one layer: `<dir>/<layer>/*.yaml`, from `DQ_SUITES_DIR` or the bundled resources.
package enum SuiteCatalog {
    /// The suites folder shipped with the code (`Resources/suites`).
    package static var bundledDirectory: String? {
        // `.copy("Resources")` keeps the folder; platforms differ in whether `resourceURL` already points into it.
        let roots = [Bundle.module.resourceURL, Bundle.module.bundleURL].compactMap { $0 }
        let candidates = roots.flatMap { [$0.appendingPathComponent("Resources/suites"), $0.appendingPathComponent("suites")] }
        return candidates.first { FileManager.default.fileExists(atPath: $0.path) }?.path
    }

    /// Every suite of `layer`, sorted by table.
    ///
    /// A suite may name a deployment setting as `${NAME}` (e.g. `min: ${SUPPRESSION_THRESHOLD}`); `variables`
    /// holds the values it may use, so a suite and the stages it checks read the same configuration.
    /// - Throws: ``DQValidatorError`` for a missing folder, an unparsable or invalid suite, an unknown
    ///   expectation or `${NAME}`, or two suites for one table — all before any data is read.
    package static func load(
        layer: String, directory: String? = nil, variables: [String: String] = DQValidatorConfiguration.defaultSuiteVariables
    ) throws -> [ExpectationSuite] {
        guard let root = directory ?? bundledDirectory else {
            throw DQValidatorError(.suitesNotFound, "no suites folder: set DQ_SUITES_DIR")
        }
        let folder = root + "/" + layer
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder) else {
            throw DQValidatorError(.suitesNotFound, "suites folder \(folder) does not exist")
        }
        var suites: [ExpectationSuite] = []
        for name in names.sorted() where name.hasSuffix(".yaml") || name.hasSuffix(".yml") {
            guard let data = FileManager.default.contents(atPath: folder + "/" + name) else {
                throw DQValidatorError(.suitesNotFound, "cannot read suite \(layer)/\(name)")
            }
            let text = try substitute(variables, in: String(decoding: data, as: UTF8.self), source: "\(layer)/\(name)")
            let suite = try ExpectationSuite(yaml: text, source: "\(layer)/\(name)")
            if let other = suites.first(where: { $0.table == suite.table }) {
                throw DQValidatorError(.invalidSuite, "\(suite.source) and \(other.source) both describe table \(suite.table)")
            }
            suites.append(suite)
        }
        guard !suites.isEmpty else { throw DQValidatorError(.suitesNotFound, "suites folder \(folder) holds no .yaml suite") }
        return suites.sorted { $0.table < $1.table }
    }

    /// Replaces each `${NAME}` with `variables[NAME]`; an unknown or unterminated reference is an error.
    static func substitute(_ variables: [String: String], in text: String, source: String) throws -> String {
        var result = ""
        var rest = Substring(text)
        while let start = rest.range(of: "${") {
            result += rest[..<start.lowerBound]
            guard let end = rest[start.upperBound...].firstIndex(of: "}") else {
                throw DQValidatorError(.invalidSuite, "\(source): unterminated ${ reference")
            }
            let name = String(rest[start.upperBound..<end])
            guard let value = variables[name] else {
                let known = variables.keys.sorted().joined(separator: ", ")
                throw DQValidatorError(.invalidSuite, "\(source): unknown variable ${\(name.prefix(64))} (known: \(known))")
            }
            result += value
            rest = rest[rest.index(after: end)...]
        }
        return result + rest
    }
}
