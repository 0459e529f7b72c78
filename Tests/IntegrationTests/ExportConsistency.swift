import Crypto
import Foundation
import ObjectStore

/// Checks an export location the way a dashboard reads it: `latest.json` names an export manifest, and every
/// file that manifest lists (tables and dashboard) exists with the recorded size and SHA-256.
struct ExportConsistency {
    let exports: any ObjectStore

    /// Problems found (keys only, never contents); empty when the export is consistent.
    func problems() async -> [String] {
        guard let pointerBytes = try? await exports.get(key: "latest.json"),
            let pointer = try? JSONSerialization.jsonObject(with: Data(pointerBytes)) as? [String: Any],
            let manifestKey = pointer["manifest_key"] as? String
        else { return ["latest.json is missing or unreadable"] }
        guard let manifestBytes = try? await exports.get(key: manifestKey),
            let manifest = try? JSONSerialization.jsonObject(with: Data(manifestBytes)) as? [String: Any]
        else { return ["\(manifestKey) is missing or unreadable"] }
        var files = (manifest["tables"] as? [[String: Any]] ?? []).flatMap { $0["files"] as? [[String: Any]] ?? [] }
        if let dashboard = manifest["dashboard"] as? [String: Any] { files.append(dashboard) }
        var found: [String] = []
        for file in files {
            guard let key = file["key"] as? String else {
                found.append("\(manifestKey) lists a file without a key")
                continue
            }
            guard let bytes = try? await exports.get(key: key) else {
                found.append("\(key) is listed by \(manifestKey) but missing")
                continue
            }
            let digest = SHA256.hash(data: bytes).map { String(format: "%02x", $0) }.joined()
            if bytes.count != file["bytes"] as? Int || digest != file["sha256"] as? String {
                found.append("\(key) differs from the size/SHA-256 in \(manifestKey)")
            }
        }
        return found
    }
}
