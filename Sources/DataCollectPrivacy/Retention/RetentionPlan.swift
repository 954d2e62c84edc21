public import DataCollectCore
public import DataCollectIntegrity

/// What a retention run will do (dry run) or did (applied), rule by rule.
public struct RetentionPlan: Sendable {
    /// One subject that is due: the entity the rule matched and the entities it takes along
    /// (a household's own members).
    public struct Subject: Sendable, Hashable {
        public var rule: String
        public var root: String
        public var entities: [String]
        public var dueAt: EventTimestamp
        public var action: RetentionAction
    }

    public struct RuleSummary: Sendable, Hashable {
        public var rule: String
        public var matched = 0
        public var due = 0
        public var held = 0
        public var notYetDue = 0
        /// Matched, but the clock's field or event is missing: never due.
        public var noClock = 0
        /// Already handled by an earlier run (anonymized by the same profile).
        public var alreadyDone = 0
        /// The first few subjects due (guids only, never values).
        public var examples: [String] = []
    }

    public struct Hold: Sendable, Hashable {
        public var hold: String
        public var reason: String
        public var rule: String
        public var entity: String
    }

    public var now: EventTimestamp
    public var subjects: [Subject] = []
    public var rules: [RuleSummary] = []
    public var holds: [Hold] = []

    public var jsonValue: JSONValue {
        .object([
            "now": .string(now.iso8601),
            "rules": .array(rules.map { summary in
                .object(["rule": .string(summary.rule), "matched": .number(JSONNumber(summary.matched)),
                         "due": .number(JSONNumber(summary.due)), "held": .number(JSONNumber(summary.held)),
                         "notYetDue": .number(JSONNumber(summary.notYetDue)), "noClock": .number(JSONNumber(summary.noClock)),
                         "alreadyDone": .number(JSONNumber(summary.alreadyDone)),
                         "examples": .array(summary.examples.map(JSONValue.string))])
            }),
            "holds": .array(holds.map { hold in
                .object(["hold": .string(hold.hold), "reason": .string(hold.reason), "rule": .string(hold.rule),
                         "entity": .string(hold.entity)])
            }),
            "entitiesAffected": .number(JSONNumber(subjects.reduce(0) { $0 + $1.entities.count })),
        ])
    }
}
