import Foundation

/// A folder under the system temporary directory, removed by ``remove()`` (call it in a `defer`).
package struct TemporaryDirectory: Sendable {
    package let path: String

    package init(prefix: String = "northshire-test") throws {
        path = NSTemporaryDirectory() + "/\(prefix)-\(UUID().uuidString.prefix(8).lowercased())"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    package func file(_ name: String) -> String { path + "/" + name }

    package func remove() {
        try? FileManager.default.removeItem(atPath: path)
    }
}
