import Foundation

/// Counts failed logins per account and per client address over a sliding window, and refuses
/// further attempts (429 with `Retry-After`) once either count reaches its limit.
actor LoginThrottle {
    private let perAccount: Int
    private let perAddress: Int
    private let window: TimeInterval
    private var failures: [String: [Date]] = [:]

    init(perAccount: Int, perAddress: Int, windowSeconds: Int) {
        self.perAccount = perAccount
        self.perAddress = perAddress
        self.window = TimeInterval(windowSeconds)
    }

    /// Seconds to wait before trying again, or nil when an attempt is allowed now.
    func retryAfter(email: String, address: String, now: Date = Date()) -> Int? {
        let waits = [("account:" + email, perAccount), ("address:" + address, perAddress)].compactMap { key, limit -> TimeInterval? in
            let recent = prune(key, now: now)
            guard recent.count >= limit, let oldest = recent.first else { return nil }
            return oldest.addingTimeInterval(window).timeIntervalSince(now)
        }
        return waits.max().map { max(1, Int($0.rounded(.up))) }
    }

    func recordFailure(email: String, address: String, now: Date = Date()) {
        failures["account:" + email, default: []].append(now)
        failures["address:" + address, default: []].append(now)
    }

    /// A successful login clears the account's count (not the address's).
    func recordSuccess(email: String) {
        failures["account:" + email] = nil
    }

    private func prune(_ key: String, now: Date) -> [Date] {
        let recent = (failures[key] ?? []).filter { now.timeIntervalSince($0) < window }
        failures[key] = recent.isEmpty ? nil : recent
        return recent
    }
}
