extension PostgresConnection {
    /// The isolation levels ``withTransaction(isolation:readOnly:_:)`` accepts.
    package static let isolationLevels: Set<String> = [
        "SERIALIZABLE", "REPEATABLE READ", "READ COMMITTED", "READ UNCOMMITTED",
    ]

    /// Runs `body` inside one transaction: `BEGIN ISOLATION LEVEL … [READ ONLY]`, then `COMMIT`, or
    /// `ROLLBACK` when `body` throws (the original error is rethrown).
    ///
    /// The connection belongs to the calling task for the duration; calls on it from `body` (queries, COPY)
    /// join the transaction, calls from other tasks get `.connectionUnavailable`.
    ///
    /// - Parameters:
    ///   - isolation: one of ``isolationLevels`` (case-insensitive); anything else throws `.invalidArgument`.
    ///   - readOnly: adds `READ ONLY`.
    package func withTransaction<T>(
        isolation: String = "REPEATABLE READ", readOnly: Bool = false, _ body: () async throws -> T
    ) async throws -> T {
        let level = isolation.uppercased().split(separator: " ").joined(separator: " ")
        guard Self.isolationLevels.contains(level) else {
            throw PostgresError(.invalidArgument, message: "unknown isolation level \(isolation.debugDescription)")
        }
        return try await exclusively("transaction") {
            try await executeOnThread("BEGIN ISOLATION LEVEL \(level)\(readOnly ? " READ ONLY" : "")")
            let value: T
            do {
                value = try await body()
            } catch {
                try? await executeOnThread("ROLLBACK")
                throw error
            }
            try await executeOnThread("COMMIT")
            return value
        }
    }
}
