public import DataCollectIntegrity

/// What one push did: the server's answer for every event sent, totalled.
public struct PushReport: Sendable, Hashable {
    /// Events sent (each counted once, even when a batch had to be resent).
    public var pushed = 0
    /// New on the server.
    public var accepted = 0
    /// Already on the server with the same content (sent before, or echoed back to us).
    public var duplicates = 0
    /// The server holds another event with the same guid: this one was refused.
    public var conflicts = 0
    /// Malformed or not allowed by the server: refused with a reason.
    public var rejected = 0
    /// Requests that the server answered.
    public var batches = 0

    public init() {}

    public var jsonValue: JSONValue {
        [
            "pushed": .number(JSONNumber(pushed)), "accepted": .number(JSONNumber(accepted)),
            "duplicates": .number(JSONNumber(duplicates)), "conflicts": .number(JSONNumber(conflicts)),
            "rejected": .number(JSONNumber(rejected)), "batches": .number(JSONNumber(batches)),
        ]
    }
}

/// What one pull did: events verified against the server's signed checkpoint, then applied.
public struct PullReport: Sendable, Hashable {
    /// Events received and verified.
    public var pulled = 0
    /// New here and stored (applied, or pending until what they refer to arrives).
    public var applied = 0
    /// Already here (this client's own events coming back, or a repeat after a crash).
    public var alreadyPresent = 0
    /// This store holds another event with the same guid: the server's was refused here.
    public var conflicts = 0
    /// This store refused the server's event (its validation, or a type it does not accept).
    public var rejected = 0
    /// Events held here whose fields were erased because a policy run on the server erased
    /// them there (retention, anonymization, an erasure request).
    public var redactedEvents = 0
    /// Verify-then-apply rounds.
    public var rounds = 0
    /// The checkpoint verified last; nil only when no round completed.
    public var checkpoint: VerifiedCheckpoint?

    public init() {}

    public var jsonValue: JSONValue {
        [
            "pulled": .number(JSONNumber(pulled)), "applied": .number(JSONNumber(applied)),
            "alreadyPresent": .number(JSONNumber(alreadyPresent)), "conflicts": .number(JSONNumber(conflicts)),
            "rejected": .number(JSONNumber(rejected)), "redactedEvents": .number(JSONNumber(redactedEvents)),
            "rounds": .number(JSONNumber(rounds)),
            "checkpoint": checkpoint?.jsonValue ?? .null,
        ]
    }
}

/// A whole sync: push, then pull.
///
/// ```swift
/// let report = try await sync.sync()
/// if report.hasRefusals { … `datacollect status` lists them with the reasons … }
/// ```
public struct SyncReport: Sendable, Hashable {
    public var push: PushReport
    public var pull: PullReport
    /// Audit entries of what people did on this device (queries, exports, reports, policy
    /// runs) delivered to the server's audit trail in this sync.
    public var auditEntriesPushed: Int
    /// Entities whose state the server now holds, and whose `initial` became that state.
    public var acknowledgedEntities: Int

    public init(push: PushReport, pull: PullReport, auditEntriesPushed: Int = 0, acknowledgedEntities: Int = 0) {
        self.push = push
        self.pull = pull
        self.auditEntriesPushed = auditEntriesPushed
        self.acknowledgedEntities = acknowledgedEntities
    }

    /// Whether any event was refused (rejected or in conflict) on either side in this sync.
    public var hasRefusals: Bool {
        push.rejected + push.conflicts + pull.rejected + pull.conflicts > 0
    }

    public var jsonValue: JSONValue {
        ["push": push.jsonValue, "pull": pull.jsonValue, "auditEntriesPushed": .number(JSONNumber(auditEntriesPushed)),
         "acknowledgedEntities": .number(JSONNumber(acknowledgedEntities))]
    }
}
