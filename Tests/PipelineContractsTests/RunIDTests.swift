import Foundation
import PipelineContracts
import Testing

@Suite struct RunIDTests {
    @Test func generatedIdsAreVersion7AndIncreasing() throws {
        var previous = RunID.generate()
        for _ in 0..<5000 {
            let next = RunID.generate()
            #expect(next > previous)
            previous = next
        }
        let text = previous.description
        #expect(text.count == 36)
        #expect(Array(text)[14] == "7")
        #expect(try RunID(text) == previous)
    }

    @Test func encodesTheCreationTime() {
        let now = Date(timeIntervalSince1970: 1_700_000_000.123)
        let id = RunID.generate(now: now.addingTimeInterval(86400 * 365))
        #expect(abs(id.createdAt.timeIntervalSince1970 - now.addingTimeInterval(86400 * 365).timeIntervalSince1970) < 0.002)
    }

    @Test(arguments: ["", "not-a-uuid", "0190b6f2-6a2c-4d4e-8f00-1a2b3c4d5e6f", "0190b6f2-6a2c-7d4e-cf00-1a2b3c4d5e6f", "0190b6f26a2c7d4e8f001a2b3c4d5e6f"])
    func rejectsNonVersion7Ids(_ text: String) {
        #expect(throws: ContractError.self) { try RunID(text) }
    }
}
