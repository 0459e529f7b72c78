/// How failed requests are retried: bounded attempts with exponential backoff and jitter.
///
/// Retried: HTTP 5xx, 429, `SlowDown`/throttling codes, `RequestTimeout`, connection failures and timeouts
/// (``AWSError/isRetryable``). Never retried: other 4xx responses (`AccessDenied`, `NoSuchKey`, …).
package struct AWSRetryPolicy: Sendable, Hashable {
    /// Total attempts including the first (≥ 1). Default 5.
    package var maxAttempts: Int
    /// Backoff before the first retry; doubles per retry. Default 100 ms.
    package var baseDelay: Duration
    /// Cap on one backoff. Default 20 s.
    package var maxDelay: Duration

    package init(maxAttempts: Int = 5, baseDelay: Duration = .milliseconds(100), maxDelay: Duration = .seconds(20)) {
        self.maxAttempts = max(1, maxAttempts)
        self.baseDelay = baseDelay
        self.maxDelay = maxDelay
    }

    /// No retries.
    package static let none = AWSRetryPolicy(maxAttempts: 1)

    /// The pause before retry number `retry` (1 = the first retry): a random duration between half and all of
    /// `min(maxDelay, baseDelay × 2^(retry-1))` ("equal jitter", so concurrent clients spread out).
    package func delay(beforeRetry retry: Int) -> Duration {
        let exponent = min(max(retry - 1, 0), 30)
        let ceiling = min(maxDelay, baseDelay * (1 << exponent))
        let nanos = max(Int64(1), ceiling.components.seconds * 1_000_000_000 + ceiling.components.attoseconds / 1_000_000_000)
        return .nanoseconds(Int64.random(in: (nanos / 2)...nanos))
    }
}
