import Foundation
import Logging
import PipelineTesting
import Postgres
import Testing

@Suite struct PostgresConnectionTests {
    @Test func queryParametersAreNeverInterpretedAsSQL() async throws {
        let database = try PostgresTestDatabase()
        defer { Task { await database.drop() } }
        let connection = try await database.connect()
        defer { connection.closeNow() }
        try await connection.execute("CREATE TABLE notes (id int PRIMARY KEY, body text)")
        let hostile = "x'); DROP TABLE notes; --"
        try await connection.query("INSERT INTO notes VALUES ($1, $2)", parameters: ["1", hostile])
        try await connection.query("INSERT INTO notes VALUES ($1, $2)", parameters: ["2", nil])
        let rows = try await connection.query("SELECT id, body FROM notes WHERE id >= $1 ORDER BY id", parameters: ["1"])
        #expect(rows.columns == ["id", "body"])
        #expect(rows.rows == [["1", hostile], ["2", nil]])
        let lookup = try await connection.query("SELECT count(*) FROM notes WHERE body = $1", parameters: [hostile])
        #expect(lookup.rows == [["1"]])
    }

    @Test func copyInAndCopyOutRoundTripTextFormat() async throws {
        let database = try PostgresTestDatabase()
        defer { Task { await database.drop() } }
        let connection = try await database.connect()
        defer { connection.closeNow() }
        try await connection.execute("CREATE TABLE items (id int, label text, amount numeric(10,2))")
        let expected = (0..<20_000).map { index -> String in
            let label = index % 7 == 0 ? "\\N" : "item \(index) ünïcødé \\t tab"
            return "\(index)\t\(label)\t\(Double(index) / 4)\n"
        }
        let copied = try await connection.copyIn("COPY items FROM STDIN") { writer in
            for line in expected { try await writer.write(line) }
        }
        #expect(copied == expected.count)

        var received: [String] = []
        let rows = try await connection.copyOut("COPY (SELECT id, label, amount FROM items ORDER BY id) TO STDOUT") {
            received.append(String(decoding: $0, as: UTF8.self))
        }
        #expect(rows == expected.count)
        #expect(received.count == expected.count)
        #expect(received[1] == "1\titem 1 ünïcødé \\t tab\t0.25\n")
        #expect(received[7] == "7\t\\N\t1.75\n")
        let nulls = try await connection.query("SELECT count(*) FROM items WHERE label IS NULL")
        #expect(nulls.rows == [["\((0..<20_000).filter { $0 % 7 == 0 }.count)"]])
    }

    @Test func copyOutStreamsBinaryTuplesInBoundedBatches() async throws {
        let database = try PostgresTestDatabase()
        defer { Task { await database.drop() } }
        let connection = try await database.connect()
        defer { connection.closeNow() }
        var batches = 0
        var messages = 0
        var largestBatch = 0
        let rows = try await connection.copyOutBatches(
            "COPY (SELECT g, repeat('x', 100) FROM generate_series(1, 100000) g) TO STDOUT (FORMAT binary)"
        ) { batch in
            batches += 1
            messages += batch.count
            largestBatch = max(largestBatch, batch.bytes.count)
        }
        #expect(rows == 100_000)
        // One message per tuple plus the trailer (the header rides on the first tuple's message).
        #expect(messages == 100_001)
        #expect(batches > 5)
        #expect(largestBatch < (1 << 20) + 4096)
    }

    @Test func serverErrorsCarryTheirSQLState() async throws {
        let database = try PostgresTestDatabase()
        defer { Task { await database.drop() } }
        let connection = try await database.connect()
        defer { connection.closeNow() }

        let syntax = await #expect(throws: PostgresError.self) { try await connection.execute("SELEC 1") }
        #expect(syntax?.sqlState == "42601")
        #expect(syntax?.code == .queryFailed)

        let missing = await #expect(throws: PostgresError.self) {
            try await connection.query("SELECT * FROM no_such_table")
        }
        #expect(missing?.sqlState == "42P01")
        #expect(missing?.message.contains("no_such_table") == true)

        try await connection.execute("CREATE TABLE people (nhs text PRIMARY KEY)")
        try await connection.query("INSERT INTO people VALUES ($1)", parameters: ["9434765919"])
        let duplicate = await #expect(throws: PostgresError.self) {
            try await connection.query("INSERT INTO people VALUES ($1)", parameters: ["9434765919"])
        }
        #expect(duplicate?.sqlState == "23505")
        // The key value is only in DETAIL, which `description` leaves out.
        #expect(duplicate?.detail?.contains("9434765919") == true)
        #expect(duplicate.map { String(describing: $0).contains("9434765919") } == false)

        let copy = await #expect(throws: PostgresError.self) {
            try await connection.copyIn("COPY people FROM STDIN") { try await $0.write("9434765919\n") }
        }
        #expect(copy?.sqlState == "23505")
        #expect(copy?.code == .copyFailed)
        // The connection is still usable after every failure.
        #expect(try await connection.query("SELECT 1 AS one").rows == [["1"]])
    }

    @Test func wrongPasswordFailsWithoutRevealingIt() async throws {
        let database = try PostgresTestDatabase()
        let password = "not-the-password-\(UUID().uuidString.prefix(6))"
        let fromURL = await #expect(throws: PostgresError.self) {
            _ = try await PostgresConnection.connect(url: database.url(withPassword: password), logger: database.logger)
        }
        #expect(fromURL?.code == .authenticationFailed)
        #expect(fromURL?.message.contains("password authentication failed") == true)
        let fromParameter = await #expect(throws: PostgresError.self) {
            _ = try await PostgresConnection.connect(url: database.url, password: password, logger: database.logger)
        }
        #expect(fromParameter?.code == .authenticationFailed)
        for error in [fromURL, fromParameter].compactMap({ $0 }) {
            #expect(!String(reflecting: error).contains(password))
            #expect(!String(describing: error).contains(database.url))
        }
    }

    @Test func malformedConnectionStringIsNotEchoed() async throws {
        let secret = "s3cr%zzet"
        let error = await #expect(throws: PostgresError.self) {
            _ = try await PostgresConnection.connect(
                url: "postgresql://user:\(secret)@127.0.0.1:1/db?bogus_option=1", logger: Logger(label: "test"))
        }
        #expect(error?.code == .invalidConnectionString)
        #expect(error.map { String(reflecting: $0).contains("s3cr") } == false)
    }

    @Test func unreachableServerFailsPromptly() async throws {
        let started = ContinuousClock.now
        let error = await #expect(throws: PostgresError.self) {
            _ = try await PostgresConnection.connect(
                url: "postgresql://nobody@127.0.0.1:1/none?connect_timeout=2", logger: Logger(label: "test"))
        }
        #expect(error?.code == .connectionFailed)
        #expect(error?.isConnectionFailure == true)
        #expect(ContinuousClock.now - started < .seconds(120), "fails instead of hanging")
    }

    @Test func statementTimeoutCancelsTheQuery() async throws {
        let database = try PostgresTestDatabase()
        defer { Task { await database.drop() } }
        let connection = try await database.connect()
        defer { connection.closeNow() }
        try await connection.execute("SET statement_timeout = 200")
        let started = ContinuousClock.now
        let error = await #expect(throws: PostgresError.self) { try await connection.query("SELECT pg_sleep(10)") }
        #expect(error?.sqlState == "57014")
        #expect(error?.code == .queryCancelled)
        #expect(ContinuousClock.now - started < .seconds(9), "cancelled well before pg_sleep(10) ends")
        #expect(try await connection.query("SELECT 2 AS two").rows == [["2"]])
    }

    @Test func taskCancellationCancelsARunningStatement() async throws {
        let database = try PostgresTestDatabase()
        defer { Task { await database.drop() } }
        let connection = try await database.connect()
        defer { connection.closeNow() }
        let started = ContinuousClock.now
        let task = Task { try await connection.query("SELECT pg_sleep(10)") }
        try await Task.sleep(for: .milliseconds(300))
        task.cancel()
        let result = await task.result
        #expect(throws: PostgresError.self) { try result.get() }
        #expect(ContinuousClock.now - started < .seconds(120), "fails instead of hanging")
        #expect(try await connection.query("SELECT 3 AS three").rows == [["3"]])
    }

    @Test func transactionsCommitOrRollBack() async throws {
        let database = try PostgresTestDatabase()
        defer { Task { await database.drop() } }
        let connection = try await database.connect()
        defer { connection.closeNow() }
        try await connection.execute("CREATE TABLE ledger (entry int)")
        struct Abort: Error {}
        await #expect(throws: Abort.self) {
            try await connection.withTransaction {
                try await connection.execute("INSERT INTO ledger VALUES (1)")
                throw Abort()
            }
        }
        let committed = try await connection.withTransaction(isolation: "read committed") {
            try await connection.execute("INSERT INTO ledger VALUES (2)")
            return try await connection.query("SELECT count(*) FROM ledger").rows[0][0]
        }
        #expect(committed == "1")
        #expect(try await connection.query("SELECT entry FROM ledger").rows == [["2"]])
        let readOnly = await #expect(throws: PostgresError.self) {
            try await connection.withTransaction(readOnly: true) {
                try await connection.execute("INSERT INTO ledger VALUES (3)")
            }
        }
        #expect(readOnly?.sqlState == "25006")
        await #expect(throws: PostgresError.self) {
            try await connection.withTransaction(isolation: "SERIALIZABLE; DROP TABLE ledger") {}
        }
        #expect(try await connection.query("SELECT count(*) FROM ledger").rows == [["1"]])
    }

    @Test func abortedCopyLoadsNothingAndLeavesTheConnectionUsable() async throws {
        let database = try PostgresTestDatabase()
        defer { Task { await database.drop() } }
        let connection = try await database.connect()
        defer { connection.closeNow() }
        try await connection.execute("CREATE TABLE numbers (n int)")
        struct ProducerFailed: Error {}
        await #expect(throws: ProducerFailed.self) {
            try await connection.copyIn("COPY numbers FROM STDIN") { writer in
                for n in 0..<100_000 { try await writer.write("\(n)\n") }
                throw ProducerFailed()
            }
        }
        #expect(try await connection.query("SELECT count(*) FROM numbers").rows == [["0"]])

        struct ConsumerFailed: Error {}
        var seen = 0
        await #expect(throws: ConsumerFailed.self) {
            try await connection.copyOut("COPY (SELECT g FROM generate_series(1, 2000000) g) TO STDOUT") { _ in
                seen += 1
                if seen == 10 { throw ConsumerFailed() }
            }
        }
        #expect(try await connection.query("SELECT 4 AS four").rows == [["4"]])
    }

    @Test func closedConnectionRefusesWork() async throws {
        let database = try PostgresTestDatabase()
        let connection = try await PostgresConnection.connect(url: database.url, logger: database.logger)
        #expect(await connection.isOpen)
        await connection.close()
        let error = await #expect(throws: PostgresError.self) { try await connection.execute("SELECT 1") }
        #expect(error?.code == .connectionUnavailable)
        await connection.close()
    }

    @Test func concurrentUseDuringATransactionIsRefused() async throws {
        let database = try PostgresTestDatabase()
        defer { Task { await database.drop() } }
        let connection = try await database.connect()
        defer { connection.closeNow() }
        try await connection.withTransaction { () async throws -> Void in
            // A detached task is another user; tasks created inside the transaction inherit its ownership.
            let other = Task.detached { try await connection.query("SELECT 1") }
            let error = await #expect(throws: PostgresError.self) { try await other.value }
            #expect(error?.code == .connectionUnavailable)
            #expect(try await connection.query("SELECT 5 AS five").rows == [["5"]])
        }
    }
}
