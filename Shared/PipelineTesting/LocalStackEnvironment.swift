import Foundation

/// The local stack's variables (written by `docker/local/up` to `$LOCAL_STACK_DIR/env`) as seen by tests.
///
/// Integration tests need real servers: a missing variable is a test failure with instructions, never a skip.
package enum LocalStackEnvironment {
    package struct Missing: Error, CustomStringConvertible {
        package let names: [String]
        package var description: String {
            "local stack variables missing: \(names.joined(separator: ", ")); run docker/local/up and source $LOCAL_STACK_DIR/env (default /srv/northshire-local-stack/env)"
        }
    }

    /// The process environment.
    package static var current: [String: String] { ProcessInfo.processInfo.environment }

    /// The values of `names`, throwing ``Missing`` when any is unset.
    package static func require(_ names: String...) throws -> [String: String] {
        let environment = current
        let missing = names.filter { (environment[$0] ?? "").isEmpty }
        guard missing.isEmpty else { throw Missing(names: missing) }
        return Dictionary(uniqueKeysWithValues: names.map { ($0, environment[$0]!) })
    }

    /// One required value.
    package static func value(_ name: String) throws -> String {
        try require(name)[name]!
    }
}
