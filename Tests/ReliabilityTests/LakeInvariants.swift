import Crypto
import Foundation
import ObjectStore
import PipelineContracts
import PipelineRuntime

/// The commit invariants every reliability test checks after a fault (ARCHITECTURE §4–5):
///
/// 1. every manifest in the lake decodes and sits under the key its content names;
/// 2. every output a succeeded manifest lists exists with the recorded size and SHA-256;
/// 3. every upstream run a manifest consumed is a succeeded manifest;
/// 4. no half-written object is visible (no store temporaries left on disk, for a filesystem lake).
///
/// IntegrationTests' `ManifestChainVerifier` checks 2 and 3 for the end-to-end suites; test targets cannot
/// import each other, so this target keeps its own copy with 1 and 4 added.
struct LakeInvariants {
    let lake: any ObjectStore
    /// The lake's root on disk, when it is a filesystem lake (for the temporaries check).
    var rootOnDisk: String?

    /// What a check found; `problems` never holds object contents, only keys and codes.
    struct Findings {
        var manifests = 0
        var outputsVerified = 0
        var problems: [String] = []
    }

    func check() async throws -> Findings {
        var findings = Findings()
        let store = ManifestStore(lake: lake)
        var decoded: [RunManifest] = []
        for object in try await lake.listAll(prefix: "_manifests/") {
            findings.manifests += 1
            guard object.key.hasSuffix(".json") else {
                findings.problems.append("\(object.key): not a manifest file")
                continue
            }
            do {
                let manifest = try await store.read(key: object.key)
                if manifest.key.description != object.key {
                    findings.problems.append("\(object.key): content names \(manifest.key)")
                }
                decoded.append(manifest)
            } catch {
                findings.problems.append("\(object.key): does not decode (\(type(of: error)))")
            }
        }
        let succeeded = Set(decoded.filter { $0.status == .succeeded }.map { $0.key.description })
        for manifest in decoded where manifest.status == .succeeded {
            for output in manifest.outputs {
                guard let bytes = try? await lake.get(key: output.key) else {
                    findings.problems.append("\(manifest.key): output \(output.key) is missing")
                    continue
                }
                if bytes.count != output.bytes || SHA256.hash(data: bytes).hexString != output.sha256 {
                    findings.problems.append("\(manifest.key): output \(output.key) differs from its size/SHA-256")
                }
                findings.outputsVerified += 1
            }
        }
        for manifest in decoded {
            for input in manifest.inputs where input.kind == "manifest" {
                guard let stage = input.stage, let text = input.scope, let scope = try? LakeName(text),
                    let date = input.businessDate, let run = input.runID
                else {
                    findings.problems.append("\(manifest.key): incomplete manifest input")
                    continue
                }
                let key = LakeKey.manifest(stage: stage, scope: scope, date: date, run: run).description
                if !succeeded.contains(key) {
                    findings.problems.append("\(manifest.key) consumed \(key), which is not a succeeded manifest")
                }
            }
        }
        if let rootOnDisk {
            let names = FileManager.default.enumerator(atPath: rootOnDisk)?.allObjects as? [String] ?? []
            for name in names where (name as NSString).lastPathComponent.hasPrefix(".tmp-") {
                findings.problems.append("temporary object left visible: \(name)")
            }
        }
        return findings
    }
}
