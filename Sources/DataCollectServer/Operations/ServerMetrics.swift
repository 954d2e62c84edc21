import Synchronization

/// Counters for `/metrics` (Prometheus text format 0.0.4). Counts only: no paths with ids, no
/// user names, nothing personal.
final class ServerMetrics: Sendable {
    private struct Counters {
        var responsesByStatus: [Int: Int] = [:]
        var eventsPushed: [String: Int] = [:]
        var eventsPulled = 0
        var loginsSucceeded = 0
        var loginsFailed = 0
        var loginsThrottled = 0
    }

    private let counters = Mutex(Counters())

    func record(status: Int) { counters.withLock { $0.responsesByStatus[status, default: 0] += 1 } }
    func recordPush(outcome: String, count: Int) { counters.withLock { $0.eventsPushed[outcome, default: 0] += count } }
    func recordPull(count: Int) { counters.withLock { $0.eventsPulled += count } }
    func recordLogin(succeeded: Bool) {
        counters.withLock { if succeeded { $0.loginsSucceeded += 1 } else { $0.loginsFailed += 1 } }
    }
    func recordThrottledLogin() { counters.withLock { $0.loginsThrottled += 1 } }

    /// The exposition text.
    func prometheusText() -> String {
        let counters = counters.withLock { $0 }
        var lines: [String] = []
        lines.append("# HELP datacollect_http_responses_total HTTP responses by status code.")
        lines.append("# TYPE datacollect_http_responses_total counter")
        for (status, count) in counters.responsesByStatus.sorted(by: { $0.key < $1.key }) {
            lines.append("datacollect_http_responses_total{status=\"\(status)\"} \(count)")
        }
        lines.append("# HELP datacollect_sync_pushed_events_total Pushed events by outcome.")
        lines.append("# TYPE datacollect_sync_pushed_events_total counter")
        for outcome in ["accepted", "duplicate", "conflict", "rejected"] {
            lines.append("datacollect_sync_pushed_events_total{outcome=\"\(outcome)\"} \(counters.eventsPushed[outcome] ?? 0)")
        }
        lines.append("# HELP datacollect_sync_pulled_events_total Events sent to pulling clients.")
        lines.append("# TYPE datacollect_sync_pulled_events_total counter")
        lines.append("datacollect_sync_pulled_events_total \(counters.eventsPulled)")
        lines.append("# HELP datacollect_logins_total Login attempts by result.")
        lines.append("# TYPE datacollect_logins_total counter")
        lines.append("datacollect_logins_total{result=\"success\"} \(counters.loginsSucceeded)")
        lines.append("datacollect_logins_total{result=\"failure\"} \(counters.loginsFailed)")
        lines.append("datacollect_logins_total{result=\"throttled\"} \(counters.loginsThrottled)")
        return lines.joined(separator: "\n") + "\n"
    }
}
