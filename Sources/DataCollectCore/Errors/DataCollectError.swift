import DataCollectIntegrity

/// An error a data officer can act on: a stable code, the field it concerns, and a sentence.
///
/// Messages never contain field values: the values are personal data and errors end up in logs.
///
/// ```swift
/// throw DataCollectError(.invalidForm, field: "timestamp",
///                        message: "The timestamp is not an ISO 8601 date and time.")
/// ```
public struct DataCollectError: Error, Sendable, Equatable, Hashable, CustomStringConvertible {
    /// Stable, machine-readable codes. The first four are the existing system's codes.
    public struct Code: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
        public let rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        public var description: String { rawValue }

        /// The event is malformed: a field is missing, empty, of the wrong type or too large.
        public static let invalidForm = Code(rawValue: "INVALID_FORM")
        /// The event targets something that is not a group (or no group yet).
        public static let invalidGroup = Code(rawValue: "INVALID_GROUP")
        /// The member payload of a group event is malformed.
        public static let invalidMemberData = Code(rawValue: "INVALID_MEMBER_DATA")
        /// The entity does not exist (yet) in this store.
        public static let entityNotFound = Code(rawValue: "ENTITY_NOT_FOUND")
        /// The entity was deleted; deleted entities are never brought back.
        public static let entityDeleted = Code(rawValue: "ENTITY_DELETED")
        /// The event type has no applier.
        public static let unknownEventType = Code(rawValue: "UNKNOWN_EVENT_TYPE")
        /// The event names an entity of the other type (an individual where a group is needed, say).
        public static let entityTypeMismatch = Code(rawValue: "ENTITY_TYPE_MISMATCH")
        /// An event with the same guid but different content is already stored.
        public static let duplicateEventGuid = Code(rawValue: "DUPLICATE_EVENT_GUID")
        /// A search criterion is malformed.
        public static let invalidCriteria = Code(rawValue: "INVALID_CRITERIA")
        /// The input is not valid JSON.
        public static let invalidJSON = Code(rawValue: "INVALID_JSON")
        /// A point in time given to a time-travel query is not in an accepted form.
        public static let invalidTime = Code(rawValue: "INVALID_TIME")
        /// A stored record could not be read back: the store is damaged.
        public static let storeCorrupted = Code(rawValue: "STORE_CORRUPTED")
    }

    public let code: Code
    /// The field the error concerns, as a path (`data.members[2].guid`), when there is one.
    public let field: String?
    /// A sentence saying what is wrong and, where possible, how to fix it. Contains no field values.
    public let message: String

    public init(_ code: Code, field: String? = nil, message: String) {
        self.code = code
        self.field = field
        self.message = message
    }

    public var description: String {
        if let field { return "\(code) (\(field)): \(message)" }
        return "\(code): \(message)"
    }
}
