import Foundation

/// The configuration a stage reads: environment variables, overridden by command-line flags.
///
/// One name per thing (ARCHITECTURE §8): a flag `--lake-url` sets `LAKE_URL`, and both appear in `--help`.
/// A secret `X` may also be given as `X_FILE` (a path) or `X_SECRET_ID` (a Secrets Manager id).
package struct Settings: Sendable {
    /// The effective variables: the environment with flag values laid over it.
    package let values: [String: String]

    package init(environment: [String: String] = ProcessInfo.processInfo.environment, overrides: [String: String] = [:]) {
        self.values = environment.merging(overrides) { _, flag in flag }
    }

    /// A non-empty value, or nil.
    package func string(_ name: String) -> String? {
        guard let value = values[name]?.trimmingCharacters(in: .whitespacesAndNewlines), !value.isEmpty else { return nil }
        return value
    }

    package func string(_ name: String, default fallback: String) -> String { string(name) ?? fallback }

    /// - Throws: ``StageError`` (configuration) naming the variable when it is missing.
    package func required(_ name: String) throws -> String {
        guard let value = string(name) else {
            throw StageError.configuration("\(name) is required but not set", code: "missing_configuration")
        }
        return value
    }

    package func int(_ name: String, default fallback: Int, range: ClosedRange<Int>? = nil) throws -> Int {
        guard let text = string(name) else { return fallback }
        guard let value = Int(text), range.map({ $0.contains(value) }) ?? true else {
            throw StageError.configuration("\(name) must be a whole number\(range.map { " in \($0)" } ?? "")")
        }
        return value
    }

    package func double(_ name: String, default fallback: Double) throws -> Double {
        guard let text = string(name) else { return fallback }
        guard let value = Double(text), value.isFinite else { throw StageError.configuration("\(name) must be a number") }
        return value
    }

    package func bool(_ name: String, default fallback: Bool) throws -> Bool {
        guard let text = string(name)?.lowercased() else { return fallback }
        switch text {
        case "1", "true", "yes", "on": return true
        case "0", "false", "no", "off": return false
        default: throw StageError.configuration("\(name) must be true or false")
        }
    }

    /// Resolves a secret from `NAME`, `NAME_FILE` or `NAME_SECRET_ID` (exactly one may be set).
    ///
    /// A file's trailing newline is removed. Secrets Manager values given as JSON objects are returned
    /// whole; callers pick the field they need (see ``Secret``).
    /// - Throws: ``StageError`` (configuration) when more than one form is set, a file is unreadable, or
    ///   Secrets Manager cannot be reached or has no such secret. The secret itself never appears in the error.
    /// - Parameter store: where `NAME_SECRET_ID` is looked up; nil means AWS Secrets Manager configured
    ///   from these settings (``SecretsManagerSecretStore``).
    package func secret(_ name: String, store: (any SecretStore)? = nil) async throws -> Secret? {
        let forms = [name, name + "_FILE", name + "_SECRET_ID"].filter { string($0) != nil }
        guard forms.count <= 1 else {
            throw StageError.configuration("set only one of \(forms.joined(separator: ", "))")
        }
        if let value = values[name], !value.isEmpty {
            return Secret(bytes: Array(value.utf8))
        }
        if let path = string(name + "_FILE") {
            guard var bytes = FileManager.default.contents(atPath: path).map(Array.init) else {
                throw StageError.configuration("\(name)_FILE points to an unreadable file", code: "unreadable_secret_file")
            }
            while let last = bytes.last, last == 0x0A || last == 0x0D { bytes.removeLast() }
            return Secret(bytes: bytes)
        }
        if let id = string(name + "_SECRET_ID") {
            let store = try store ?? SecretsManagerSecretStore(settings: self, for: name + "_SECRET_ID")
            do {
                return Secret(bytes: try await store.secretValue(id: id))
            } catch {
                throw StageError("secret_unavailable", "cannot read \(name)_SECRET_ID from Secrets Manager: \(error)", kind: .configuration)
            }
        }
        return nil
    }
}
