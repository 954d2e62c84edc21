public import DataCollectCore
public import DataCollectIntegrity

/// What one ``ExternalSyncManager/synchronize(credentials:)`` run moved, and what it refused.
///
/// ```swift
/// let report = try await sync.synchronize()
/// print(report.pushed, report.applied, report.rejected.map(\.reason.message))
/// ```
public struct ExternalSyncReport: Sendable, Hashable {
    /// A pulled record that did not land, and why. The cursor never moves past it.
    public struct Rejection: Sendable, Hashable {
        /// Position among the records this run pulled (0-based).
        public var position: Int
        /// The record's id in the external system, when it had one.
        public var recordId: String?
        public var reason: DataCollectError

        public init(position: Int, recordId: String?, reason: DataCollectError) {
            self.position = position
            self.recordId = recordId
            self.reason = reason
        }
    }

    public var adapterType: String
    /// Local events the external system acknowledged.
    public var pushed = 0
    /// Push requests sent.
    public var pushBatches = 0
    /// Local events not sent because they came from an external system (no echo).
    public var notPushedExternal = 0
    /// Records received.
    public var pulled = 0
    /// Records that became new events.
    public var applied = 0
    /// Records whose event was already stored (pulled again after an interrupted run).
    public var alreadyPresent = 0
    /// New events stored but waiting for others (their group, say) before they take effect.
    public var pending = 0
    public var rejected: [Rejection] = []
    /// True when a rejected record kept the pull cursor where it was: the next run pulls it again.
    public var pullCursorHeld = false

    public init(adapterType: String) {
        self.adapterType = adapterType
    }

    /// The counts, for the access audit entry (no record ids, no reasons).
    public var counts: [String: JSONValue] {
        [
            "adapterType": .string(adapterType), "pushed": .number(JSONNumber(pushed)),
            "pulled": .number(JSONNumber(pulled)), "applied": .number(JSONNumber(applied)),
            "alreadyPresent": .number(JSONNumber(alreadyPresent)), "rejected": .number(JSONNumber(rejected.count)),
        ]
    }

    public var jsonValue: JSONValue {
        var object = counts
        object["pushBatches"] = .number(JSONNumber(pushBatches))
        object["notPushedExternal"] = .number(JSONNumber(notPushedExternal))
        object["pending"] = .number(JSONNumber(pending))
        object["pullCursorHeld"] = .bool(pullCursorHeld)
        object["rejections"] = .array(rejected.map { rejection in
            var item: [String: JSONValue] = ["position": .number(JSONNumber(rejection.position)), "reason": rejection.reason.jsonValue]
            if let id = rejection.recordId { item["recordId"] = .string(id) }
            return .object(item)
        })
        return .object(object)
    }
}
