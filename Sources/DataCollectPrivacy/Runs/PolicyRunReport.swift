public import DataCollectIntegrity

/// What an applied run changed.
public struct PolicyRunReport: Sendable, Hashable {
    public var runID: String
    public var subjects = 0
    public var entities = 0
    public var redactedEvents = 0
    public var redactedFields = 0
    public var writtenEvents = 0

    public init(runID: String) { self.runID = runID }

    public var jsonValue: JSONValue {
        .object([
            "runId": .string(runID), "subjects": .number(JSONNumber(subjects)), "entities": .number(JSONNumber(entities)),
            "redactedEvents": .number(JSONNumber(redactedEvents)), "redactedFields": .number(JSONNumber(redactedFields)),
            "writtenEvents": .number(JSONNumber(writtenEvents)),
        ])
    }

    mutating func add(_ outcome: SubjectRewrite.Outcome) {
        redactedEvents += outcome.redactedEvents
        redactedFields += outcome.redactedFields
        writtenEvents += outcome.writtenEvents
    }
}
