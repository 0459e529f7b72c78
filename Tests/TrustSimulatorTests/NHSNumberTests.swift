import Testing
import TrustSimulator

@Suite struct NHSNumberTests {
    @Test func knownVectorsValidateForTheRightReason() {
        #expect(NHSNumber.validate("9434765919") == nil)
        #expect(NHSNumber.validate("943 476 5919") == nil)
        #expect(NHSNumber.validate("943-476-5919") == nil)
        #expect(NHSNumber.validate("9434765918") == .mod11Mismatch)
        #expect(NHSNumber.validate("1000000010") == .mod11Invalid)  // 1×10 + 1×2 = 12 → 11 − 1 = 10
        #expect(NHSNumber.validate("943476591") == .invalidFormat)
        #expect(NHSNumber.validate("94347659190") == .invalidFormat)
        #expect(NHSNumber.validate("94347O5919") == .invalidFormat)
        #expect(NHSNumber.validate(nil) == .missing)
        #expect(NHSNumber.validate("") == .missing)
    }

    @Test func validDrawsPassModulus11AndKeepLeadingZeros() {
        var random = SimulationRandom(seed: 7)
        var leadingZero = 0
        for _ in 0..<5_000 {
            let value = NHSNumber.drawValid(&random)
            var copy = random
            let text = NHSNumber.record(value, as: .valid, random: &copy)!
            #expect(text.count == 10)
            #expect(NHSNumber.validate(text) == nil)
            if text.hasPrefix("0") { leadingZero += 1 }
        }
        // About 10% of valid numbers start with 0; they must survive as text.
        #expect((300...700).contains(leadingZero))
    }

    @Test func eachRecordingFailsOrPassesForItsDesignedReason() {
        var random = SimulationRandom(seed: 11)
        for recording in NHSNumber.Recording.allCases {
            for _ in 0..<500 {
                let value = NHSNumber.drawValid(&random)
                let text = NHSNumber.record(value, as: recording, random: &random)
                #expect(NHSNumber.validate(text) == recording.expectedRejection, "\(recording)")
            }
        }
    }
}
