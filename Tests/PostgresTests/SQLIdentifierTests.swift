import Postgres
import Testing

@Suite struct SQLIdentifierTests {
    @Test func quotesAndDoublesEmbeddedQuotes() {
        #expect(SQLIdentifier.quote("encounters") == "\"encounters\"")
        #expect(SQLIdentifier.quote("we\"ird") == "\"we\"\"ird\"")
        #expect(SQLIdentifier.quote("public", "Mixed Case") == "\"public\".\"Mixed Case\"")
    }

    @Test func quotedNamesRoundTripThroughTheServer() async throws {
        let database = try PostgresTestDatabase()
        defer { Task { await database.drop() } }
        let connection = try await database.connect()
        defer { connection.closeNow() }
        let name = "odd \"name\"; DROP TABLE x; --"
        try await connection.execute("CREATE TABLE \(SQLIdentifier.quote(name)) (\(SQLIdentifier.quote("col\"1")) int)")
        let rows = try await connection.query(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = $1", parameters: [database.schema])
        #expect(rows.rows == [[name]])
    }
}
