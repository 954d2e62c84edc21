/// An event a sync client verified against the server's signed log, with the fields the
/// server's policy runs erased from it (their commitments stayed in the log, their values and
/// salts are gone). See ``EntityDataManager/submitVerifiedFromServer(_:in:)``.
public struct ServerVerifiedEvent: Sendable, Hashable {
    public var event: Event
    public var erasedFields: [String]

    public init(event: Event, erasedFields: [String] = []) {
        self.event = event
        self.erasedFields = erasedFields
    }
}
