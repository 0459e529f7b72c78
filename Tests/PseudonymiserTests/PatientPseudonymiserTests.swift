import Foundation
import PipelineRuntime
import PipelineTesting
import Testing
@testable import Pseudonymiser

@Suite struct PatientPseudonymiserTests {
    static let keyText = "test-key-0123456789abcdef0123456789abcdef"

    @Test func matchesPythonHMACComputedIndependently() throws {
        let numbers = ["9434765919", "0123456789", "4010232137"]
        let script = """
            import hmac, hashlib, sys
            key = sys.stdin.readline().rstrip("\\n").encode()
            for n in sys.argv[1:]:
                print(hmac.new(key, n.encode("ascii"), hashlib.sha256).hexdigest())
            """
        let result = try ProcessRunner.run("python3", ["-c", script] + numbers, input: Self.keyText + "\n", timeout: 60)
        #expect(result.status == 0)
        let expected = result.standardOutput.split(separator: "\n").map(String.init)
        #expect(expected.count == 3)
        let pseudonymiser = PatientPseudonymiser(key: try PseudonymKey(bytes: Array(Self.keyText.utf8)))
        #expect(numbers.map { try! pseudonymiser.patientSK(raw: $0).get() } == expected)
        // Formatting variants hash as the normalised digits.
        #expect(try pseudonymiser.patientSK(raw: "943 476-5919").get() == expected[0])
        #expect(expected.allSatisfy { $0.count == 64 && $0 == $0.lowercased() })
    }

    @Test func invalidNumbersGetNoPseudonym() throws {
        let pseudonymiser = BronzeLakeFixture.pseudonymiser
        #expect(throws: NHSNumberRejection.mod11Mismatch) { try pseudonymiser.patientSK(raw: "9434765910").get() }
        #expect(throws: NHSNumberRejection.missing) { try pseudonymiser.patientSK(raw: nil).get() }
    }

    @Test func differentKeysGiveDifferentPseudonymsAndTheSameKeyTheSame() throws {
        let one = PatientPseudonymiser(key: try PseudonymKey(bytes: Array(Self.keyText.utf8)))
        let again = PatientPseudonymiser(key: try PseudonymKey(bytes: Array(Self.keyText.utf8)))
        let other = PatientPseudonymiser(key: try PseudonymKey(bytes: Array((Self.keyText + "!").utf8)))
        let number = "9434765919"
        #expect(try one.patientSK(raw: number).get() == again.patientSK(raw: number).get())
        #expect(try one.patientSK(raw: number).get() != other.patientSK(raw: number).get())
    }

    @Test func shortKeyIsAConfigurationErrorThatRevealsNeitherKeyNorLength() async throws {
        let shortKey = "short-secret-key-value-31-bytes"
        #expect(shortKey.utf8.count == 31)
        do {
            _ = try await PseudonymKey.load(settings: Settings(environment: ["PSEUDONYM_KEY": shortKey]), secretStore: nil)
            Issue.record("a 31-byte key was accepted")
        } catch let error as StageError {
            #expect(error.kind == .configuration)
            #expect(!error.description.contains(shortKey))
            #expect(!error.description.contains("31"))
        }
    }

    @Test func keyComesFromFileOrSecretStoreJSONOrPlainString() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try Data((Self.keyText + "\n").utf8).write(to: URL(fileURLWithPath: directory.file("key")))
        let expected = PatientPseudonymiser(key: try PseudonymKey(bytes: Array(Self.keyText.utf8))).patientSK(raw: "9434765919")

        let fromFile = try await PseudonymKey.load(settings: Settings(environment: ["PSEUDONYM_KEY_FILE": directory.file("key")]), secretStore: nil)
        #expect(try PatientPseudonymiser(key: fromFile).patientSK(raw: "9434765919").get() == expected.get())

        for stored in [#"{"created_by": "cdk", "key": "\#(Self.keyText)"}"#, Self.keyText] {
            let store = FixedSecretStore(values: ["access-iq/test/pseudonymisation-key": Array(stored.utf8)])
            let settings = Settings(environment: ["PSEUDONYM_KEY_SECRET_ID": "access-iq/test/pseudonymisation-key"])
            let key = try await PseudonymKey.load(settings: settings, secretStore: store)
            #expect(try PatientPseudonymiser(key: key).patientSK(raw: "9434765919").get() == expected.get())
        }

        let noKeyField = FixedSecretStore(values: ["id": Array(#"{"password": "0123456789012345678901234567890123"}"#.utf8)])
        await #expect(throws: StageError.self) {
            _ = try await PseudonymKey.load(settings: Settings(environment: ["PSEUDONYM_KEY_SECRET_ID": "id"]), secretStore: noKeyField)
        }
        await #expect(throws: StageError.self) {
            _ = try await PseudonymKey.load(settings: Settings(environment: [:]), secretStore: nil)
        }
        #expect("\(fromFile)" == "<redacted>")
    }
}

/// A secret store answering from a dictionary.
struct FixedSecretStore: SecretStore {
    var values: [String: [UInt8]]

    func secretValue(id: String) async throws -> [UInt8] {
        guard let value = values[id] else { throw StageError("not_found", "no such secret") }
        return value
    }
}
