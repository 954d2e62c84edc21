public import DataCollectCore
import DataCollectIntegrity

/// "Keep what matches for this long from that moment, then do this." Retention is a minimum:
/// nothing is touched before its time.
public struct RetentionRule: Sendable, Hashable {
    public var name: String
    public var match: RetentionMatch
    public var keep: ISODuration
    public var from: RetentionClock
    public var then: RetentionAction

    public init(name: String, match: RetentionMatch, keep: ISODuration, from: RetentionClock, then: RetentionAction) {
        self.name = name
        self.match = match
        self.keep = keep
        self.from = from
        self.then = then
    }
}

/// Which subjects a rule covers. Every given condition must hold.
public struct RetentionMatch: Sendable, Hashable {
    public var entityType: EntityType?
    /// The subject has at least one event of one of these types.
    public var eventTypes: [String]?
    /// The subject has at least one audit entry with one of these actions.
    public var auditActions: [String]?
    /// Search-language criteria on the subject's current state.
    public var criteria: SearchCriteria?

    public init(entityType: EntityType? = nil, eventTypes: [String]? = nil, auditActions: [String]? = nil,
                criteria: SearchCriteria? = nil) {
        self.entityType = entityType
        self.eventTypes = eventTypes
        self.auditActions = auditActions
        self.criteria = criteria
    }
}

/// When the retention period starts.
public enum RetentionClock: Sendable, Hashable {
    /// The capture time of the event that created the entity.
    case created
    /// The entity's `lastUpdated`.
    case lastUpdated
    /// A date (or date-time) field of the entity's data, such as `exitDate`.
    case field(String)
    /// The capture time of the subject's latest event of this type (event-based retention,
    /// such as `household-exited`); a subject without one is never due.
    case event(String)
}

public enum RetentionAction: Sendable, Hashable {
    /// Erase the data: every value of the subject's events is redacted and the entity deleted;
    /// tombstones and commitments stay.
    case delete
    /// Anonymize the subject in place with the named profile.
    case anonymize(profile: String)
}

/// Subjects that must not be touched, whatever the rules say. Holds always win and are reported.
public struct LegalHold: Sendable, Hashable {
    public var name: String
    public var entities: [String]
    public var criteria: SearchCriteria?
    public var reason: String
    /// The hold ends after this time; nil: until lifted.
    public var until: EventTimestamp?

    public init(name: String, entities: [String] = [], criteria: SearchCriteria? = nil, reason: String,
                until: EventTimestamp? = nil) {
        self.name = name
        self.entities = entities
        self.criteria = criteria
        self.reason = reason
        self.until = until
    }
}
