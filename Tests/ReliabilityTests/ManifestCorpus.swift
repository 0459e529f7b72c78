import Foundation
import PipelineContracts
import Testing

/// Hostile manifests (issue #15: "manifests with wrong types / extra fields / invalid JSON"): each is a
/// transformation of a valid succeeded manifest's JSON, stored as the newest run of an upstream node.
enum ManifestCorpus {
    /// How a case treats the manifest: unreadable (fail open: "not succeeded"), readable with a status, or
    /// either (the reader may reject or ignore it, but must not crash).
    enum Reading: Sendable, Equatable {
        case unreadable
        case readable(RunStatus)
        case either
    }

    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        var reading: Reading
        /// The stored bytes, from the valid manifest's JSON.
        var body: @Sendable (_ valid: [UInt8]) -> [UInt8]
        /// Stored under a run id that sorts after every real one (a writer with its clock far in the future).
        var farFutureKey = false

        var testDescription: String { name }
    }

    /// Applies `change` to the manifest's JSON object and serialises it again.
    static func edit(_ change: @escaping @Sendable (inout [String: Any]) -> Void) -> @Sendable ([UInt8]) -> [UInt8] {
        { valid in
            guard var object = (try? JSONSerialization.jsonObject(with: Data(valid))) as? [String: Any] else {
                return valid
            }
            change(&object)
            return (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])).map(Array.init)
                ?? valid
        }
    }

    static func replacingFirstOutput(_ field: String, with value: any Sendable) -> @Sendable ([UInt8]) -> [UInt8] {
        edit { object in
            guard var outputs = object["outputs"] as? [[String: Any]], !outputs.isEmpty else { return }
            outputs[0][field] = value
            object["outputs"] = outputs
        }
    }

    static let cases: [Case] = [
        Case(name: "truncated JSON", reading: .unreadable, body: { Array($0.prefix($0.count / 2)) }),
        Case(name: "empty file", reading: .unreadable, body: { _ in [] }),
        Case(
            name: "binary garbage with NUL bytes", reading: .unreadable, body: { _ in [0x00, 0xFF, 0x7B, 0x00, 0x22] }),
        Case(name: "a JSON array", reading: .unreadable, body: { _ in Array("[]".utf8) }),
        Case(name: "JSON null", reading: .unreadable, body: { _ in Array("null".utf8) }),
        Case(name: "status is a number", reading: .unreadable, body: edit { $0["status"] = 1 }),
        Case(name: "unknown status value", reading: .unreadable, body: edit { $0["status"] = "done" }),
        Case(name: "manifest_version 2", reading: .unreadable, body: edit { $0["manifest_version"] = 2 }),
        Case(name: "manifest_version as text", reading: .unreadable, body: edit { $0["manifest_version"] = "1" }),
        Case(name: "run_id missing", reading: .unreadable, body: edit { $0["run_id"] = nil }),
        Case(name: "run_id not a UUID", reading: .unreadable, body: edit { $0["run_id"] = "../../etc/passwd" }),
        Case(name: "business_date 2025-02-30", reading: .unreadable, body: edit { $0["business_date"] = "2025-02-30" }),
        Case(
            name: "business_date of another day", reading: .unreadable,
            body: edit { $0["business_date"] = "2025-02-04" }),
        Case(name: "started_at not an instant", reading: .unreadable, body: edit { $0["started_at"] = "yesterday" }),
        Case(name: "outputs is an object", reading: .unreadable, body: edit { $0["outputs"] = ["key": "x"] }),
        Case(name: "output rows as text", reading: .unreadable, body: replacingFirstOutput("rows", with: "3")),
        Case(
            name: "output rows beyond 64 bits", reading: .unreadable,
            body: { valid in
                Array(
                    String(decoding: edit { _ in }(valid), as: UTF8.self)
                        .replacingOccurrences(of: "\"rows\":", with: "\"rows\":1e400,\"_rows\":").utf8)
            }),
        Case(
            name: "10 000 nested arrays in an extra field", reading: .either,
            body: { valid in
                Array("{\"deep\":".utf8) + Array(repeating: 0x5B, count: 10_000) + Array(repeating: 0x5D, count: 10_000)
                    + Array(",".utf8) + Array(valid.drop { $0 != 0x7B }.dropFirst())
            }),
        Case(
            name: "unknown fields everywhere", reading: .readable(.succeeded),
            body: { valid in
                edit { object in
                    object["x_future_field"] = ["nested": [1, 2, 3]]
                    if var outputs = object["outputs"] as? [[String: Any]], !outputs.isEmpty {
                        outputs[0]["x_checksum_crc32c"] = "AAAAAA=="
                        object["outputs"] = outputs
                    }
                }(valid)
            }),
        Case(
            name: "failed status with outputs listed", reading: .readable(.failed),
            body: edit { $0["status"] = "failed" }),
        Case(
            name: "garbage under a far-future run id", reading: .unreadable, body: { Array($0.prefix(20)) },
            farFutureKey: true),
    ]
}
