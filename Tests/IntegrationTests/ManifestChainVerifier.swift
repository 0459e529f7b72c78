import Crypto
import Foundation
import ObjectStore
import PipelineContracts
import PipelineRuntime

/// Checks the lake's commit records end to end: every output of every succeeded manifest exists with the
/// recorded size and SHA-256, and every upstream manifest a run names exists and succeeded.
struct ManifestChainVerifier {
    let lake: any ObjectStore

    struct Findings {
        var manifests = 0
        var outputsVerified = 0
        var manifestInputsVerified = 0
        var problems: [String] = []
    }

    func verify() async throws -> Findings {
        var findings = Findings()
        let store = ManifestStore(lake: lake)
        var succeeded = Set<String>()
        var all: [RunManifest] = []
        for object in try await lake.listAll(prefix: "_manifests/") where object.key.hasSuffix(".json") {
            let manifest = try await store.read(key: object.key)
            all.append(manifest)
            if manifest.status == .succeeded { succeeded.insert(Self.identity(manifest.stage, manifest.scope.description, manifest.businessDate, manifest.runID)) }
        }
        for manifest in all where manifest.status == .succeeded {
            findings.manifests += 1
            for output in manifest.outputs {
                guard let bytes = try? await lake.get(key: output.key) else {
                    findings.problems.append("\(manifest.stage)/\(manifest.scope) \(manifest.businessDate): output \(output.key) is missing")
                    continue
                }
                let digest = SHA256.hash(data: bytes).map { String(format: "%02x", $0) }.joined()
                if bytes.count != output.bytes || digest != output.sha256 {
                    findings.problems.append("\(output.key): size/SHA-256 differ from the manifest")
                }
                findings.outputsVerified += 1
            }
            for input in manifest.inputs where input.kind == "manifest" {
                guard let stage = input.stage, let scope = input.scope, let date = input.businessDate, let run = input.runID else {
                    findings.problems.append("\(manifest.stage) \(manifest.businessDate): incomplete manifest input")
                    continue
                }
                if !succeeded.contains(Self.identity(stage, scope, date, run)) {
                    findings.problems.append("\(manifest.stage)/\(manifest.scope) \(manifest.businessDate) consumed \(stage)/\(scope) \(date) run \(run), which is not a succeeded manifest")
                }
                findings.manifestInputsVerified += 1
            }
        }
        return findings
    }

    static func identity(_ stage: StageName, _ scope: String, _ date: BusinessDate, _ run: RunID) -> String {
        "\(stage)|\(scope)|\(date)|\(run)"
    }
}
