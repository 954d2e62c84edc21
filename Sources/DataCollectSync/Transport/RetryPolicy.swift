/// When and how long to wait before sending a request again: exponential backoff with full
/// jitter (the wait before retry *n* is uniform in `0 ... min(max, base · 2ⁿ⁻¹)`), so that many
/// devices coming back online at once do not hit the server in lockstep.
///
/// Only transient failures are retried: no answer at all (connection refused or broken,
/// timeout), a 5xx status, or 429. Every other 4xx is the client's problem and retrying it
/// would only repeat it. Pushing is safe to repeat: the server keeps each event once by guid.
///
/// The random source and the sleep are injected, so tests run with fixed draws and no waiting.
///
/// ```swift
/// var retry = RetryPolicy(maxAttempts: 4, baseDelaySeconds: 0.2, maxDelaySeconds: 5)
/// retry.random = { 0.5 }   // deterministic in tests
/// retry.delaySeconds(beforeRetry: 3)   // 0.5 · min(5, 0.2 · 4) = 0.4
/// ```
public struct RetryPolicy: Sendable {
    /// Attempts in all, the first one included (1 = never retry).
    public var maxAttempts: Int
    /// The backoff ceiling before the first retry.
    public var baseDelaySeconds: Double
    /// The largest backoff ceiling, whatever the attempt.
    public var maxDelaySeconds: Double
    /// A uniform draw in `0 ..< 1`.
    public var random: @Sendable () -> Double
    /// Waits this many seconds (cancellation ends the wait and the sync).
    public var sleep: @Sendable (Double) async throws -> Void

    public init(maxAttempts: Int = 5, baseDelaySeconds: Double = 0.5, maxDelaySeconds: Double = 30,
                random: @escaping @Sendable () -> Double = { Double.random(in: 0 ..< 1) },
                sleep: @escaping @Sendable (Double) async throws -> Void = RetryPolicy.taskSleep) {
        self.maxAttempts = maxAttempts
        self.baseDelaySeconds = baseDelaySeconds
        self.maxDelaySeconds = maxDelaySeconds
        self.random = random
        self.sleep = sleep
    }

    /// `Task.sleep`, the default wait.
    public static func taskSleep(_ seconds: Double) async throws {
        try await Task.sleep(for: .milliseconds(Int64((seconds * 1000).rounded())))
    }

    /// The wait before retry number `retry` (1 for the second attempt). A server's
    /// `Retry-After` is honoured up to ``maxDelaySeconds``.
    public func delaySeconds(beforeRetry retry: Int, retryAfterSeconds: Double? = nil) -> Double {
        let exponent = Double(max(0, min(retry - 1, 62)))
        let ceiling = min(maxDelaySeconds, baseDelaySeconds * pow2(exponent))
        let jittered = max(0, min(1, random())) * ceiling
        guard let retryAfterSeconds else { return jittered }
        return max(jittered, min(retryAfterSeconds, maxDelaySeconds))
    }

    /// Whether an answer with this status is worth sending again.
    public static func isTransient(status: Int) -> Bool {
        status == 429 || (500 ... 599).contains(status)
    }

    private func pow2(_ exponent: Double) -> Double {
        var value = 1.0
        for _ in 0 ..< Int(exponent) { value *= 2 }
        return value
    }
}
