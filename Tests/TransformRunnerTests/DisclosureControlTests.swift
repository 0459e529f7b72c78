import Testing
import TransformRunner

@Suite struct DisclosureControlTests {
    let control = DisclosureControl(threshold: 5)

    @Test func suppressesSmallCountsAndTheirComplements() {
        #expect(control.isSmall(.init(stratum: "a", numerator: nil, population: 4)))
        #expect(!control.isSmall(.init(stratum: "a", numerator: nil, population: 5)))
        #expect(control.isSmall(.init(stratum: "a", numerator: 3, population: 100)))
        #expect(control.isSmall(.init(stratum: "a", numerator: 97, population: 100)))
        #expect(!control.isSmall(.init(stratum: "a", numerator: 50, population: 100)))
    }

    @Test func addsSecondarySuppressionSoNoCellIsRecoverableBySubtraction() {
        let partition: [DisclosureControl.Cell] = [
            .init(stratum: "F", numerator: nil, population: 120), .init(stratum: "M", numerator: nil, population: 3),
            .init(stratum: "U", numerator: nil, population: 40),
        ]
        let suppressed = control.suppressed(partition)
        // M is small; U (the next smallest) is suppressed too, so total − F gives only M + U.
        #expect(suppressed == [1, 2])
        let single = control.suppressed([.init(stratum: "F", numerator: nil, population: 2)])
        #expect(single == [0])
        let none = control.suppressed([.init(stratum: "F", numerator: nil, population: 20), .init(stratum: "M", numerator: nil, population: 30)])
        #expect(none.isEmpty)
    }

    @Test func roundsToTheNearestMultiple() {
        let rounding = DisclosureControl(threshold: 5, rounding: 5)
        #expect(rounding.round(12) == 10)
        #expect(rounding.round(13) == 15)
        #expect(DisclosureControl(threshold: 5).round(13) == 13)
    }
}
