import Foundation
import PipelineContracts
import Testing

@Suite struct BusinessDateTests {
    @Test func parsesAndPrintsIsoDates() throws {
        let date = try BusinessDate(iso: "2024-02-29")
        #expect(date.description == "2024-02-29")
        #expect(date.compact == "20240229")
        #expect(try BusinessDate(compact: "20240229") == date)
    }

    @Test(arguments: ["2023-02-29", "2024-13-01", "2024-1-01", "20240101", "2024-01-01T00:00", "", "abcd-ef-gh", "2024-04-31"])
    func rejectsMalformedDates(_ text: String) {
        #expect(throws: ContractError.self) { try BusinessDate(iso: text) }
    }

    @Test func dayArithmeticMatchesTheCalendar() throws {
        let epoch = try BusinessDate(iso: "1970-01-01")
        #expect(epoch.daysSinceEpoch == 0)
        #expect(try BusinessDate(iso: "2000-03-01").daysSinceEpoch == 11017)
        #expect(try BusinessDate(iso: "2024-12-31").next == BusinessDate(iso: "2025-01-01"))
        #expect(try BusinessDate(iso: "2024-03-01").previous == BusinessDate(iso: "2024-02-29"))
        #expect(try BusinessDate(iso: "2026-11-23").isoWeekday == 1)
        #expect(try BusinessDate(iso: "2025-01-30").through(BusinessDate(iso: "2025-02-02")).map(\.description)
            == ["2025-01-30", "2025-01-31", "2025-02-01", "2025-02-02"])
    }

    @Test func instantsFallOnLondonDaysAcrossDST() throws {
        // 2025-03-30 00:30 UTC is 00:30 GMT; 23:30 UTC the same day is 00:30 BST on the 31st.
        let formatter = ISO8601DateFormatter()
        #expect(BusinessDate(containing: formatter.date(from: "2025-03-30T00:30:00Z")!).description == "2025-03-30")
        #expect(BusinessDate(containing: formatter.date(from: "2025-03-30T23:30:00Z")!).description == "2025-03-31")
        #expect(BusinessDate(containing: formatter.date(from: "2025-10-26T23:30:00Z")!).description == "2025-10-26")
    }

    @Test func encodesAsPlainString() throws {
        let data = try ContractJSON.encode([try BusinessDate(iso: "2025-06-01")], pretty: false)
        #expect(String(decoding: data, as: UTF8.self) == "[\"2025-06-01\"]")
    }
}
