/// Spark's INT96 timestamp arithmetic (wrapping, truncating), in both directions.
enum Int96Timestamp {
    static let unixEpochJulianDay: Int64 = 2_440_588
    static let microsPerDay: Int64 = 86_400_000_000

    /// Microseconds since the Unix epoch, computed exactly as Spark does (wrapping Int64 arithmetic).
    static func microseconds(julianDay: Int64, nanosOfDay: Int64) -> Int64 {
        (julianDay &- unixEpochJulianDay) &* microsPerDay &+ nanosOfDay / 1000
    }
}
