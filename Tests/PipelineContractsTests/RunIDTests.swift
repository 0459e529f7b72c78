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

    @Test func encodesTheCreationTime() throws {
        // 0x0190b6f26a2c ms after the epoch = 2024-07-15T15:10:58.604Z.
        let id = try RunID("0190b6f2-6a2c-7d4e-8f00-1a2b3c4d5e6f")
        #expect(id.createdAt == Date(timeIntervalSince1970: 1_721_056_258.604))
        let fresh = RunID.generate()
        #expect(abs(fresh.createdAt.timeIntervalSinceNow) < 5)
    }

    @Test(arguments: ["", "not-a-uuid", "0190b6f2-6a2c-4d4e-8f00-1a2b3c4d5e6f", "0190b6f2-6a2c-7d4e-cf00-1a2b3c4d5e6f", "0190b6f26a2c7d4e8f001a2b3c4d5e6f"])
    func rejectsNonVersion7Ids(_ text: String) {
        #expect(throws: ContractError.self) { try RunID(text) }
    }
}
