import Foundation

/// Quoting of SQL identifiers, so names taken from configuration or the catalog are never interpolated raw.
package enum SQLIdentifier {
    /// `name` as a double-quoted identifier with embedded double quotes doubled: `a"b` → `"a""b"`.
    ///
    /// Same rule as libpq's `PQescapeIdentifier`, without needing a connection. A NUL character cannot be part
    /// of an identifier and is dropped.
    package static func quote(_ name: String) -> String {
        "\"" + name.replacingOccurrences(of: "\u{0}", with: "").replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// A schema-qualified name, each part quoted: `quote(schema, table)` → `"schema"."table"`.
    package static func quote(_ schema: String, _ name: String) -> String {
        quote(schema) + "." + quote(name)
    }
}
