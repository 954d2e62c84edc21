public import DataCollectIntegrity

/// Turns untrusted JSON into an ``Event``, or says exactly which field is wrong and why.
///
/// Checks, in order: the value is an object; `guid`, `entityGuid`, `type`, `userId` are non-empty
/// strings within limits (guids from the safe alphabet `A–Z a–z 0–9 . _ : -`); `data` is a
/// non-empty object within size and depth limits; `timestamp` is an accepted ISO 8601 form;
/// `syncLevel`, when present, is 0, 1 or 2. Unknown top-level fields (such as the numeric `id`
/// that IndexedDB adds) are ignored.
public struct EventDecoder: Sendable {
    public var limits: EventLimits

    public init(limits: EventLimits = .default) {
        self.limits = limits
    }

    public func decode(_ value: JSONValue) throws(DataCollectError) -> Event {
        try decode(value, allowingErasedData: false)
    }

    /// Re-checks an event built in code (for example by the generator or a custom tool).
    public func validate(_ event: Event) throws(DataCollectError) {
        _ = try decode(event.jsonValue)
    }

    /// Re-checks an event verified against the sync server's signed log, whose `data` may be
    /// empty because the server's policy runs erased every field (the commitments stayed there).
    public func validateErasable(_ event: Event) throws(DataCollectError) {
        _ = try decode(event.jsonValue, allowingErasedData: true)
    }

    private func decode(_ value: JSONValue, allowingErasedData: Bool) throws(DataCollectError) -> Event {
        guard let object = value.objectValue else {
            throw invalid(nil, "An event must be a JSON object, but this is \(value.typeName).")
        }
        let guid = try identifier(object, "guid")
        let entityGuid = try identifier(object, "entityGuid")
        let type = try text(object, "type", maxLength: limits.maxTypeLength)
        let userId = try text(object, "userId", maxLength: limits.maxUserIdLength)
        let data = try payload(object, allowingEmpty: allowingErasedData)
        let timestamp = try timestamp(object)
        let syncLevel = try syncLevel(object)
        return Event(
            guid: guid, entityGuid: entityGuid, type: type, data: data,
            timestamp: timestamp, userId: userId, syncLevel: syncLevel)
    }

    private func invalid(_ field: String?, _ message: String) -> DataCollectError {
        DataCollectError(.invalidForm, field: field, message: message)
    }

    private func requiredString(_ object: [String: JSONValue], _ key: String) throws(DataCollectError) -> String {
        guard let value = object[key], !value.isNull else {
            throw invalid(key, "The event has no \(key).")
        }
        guard let string = value.stringValue else {
            throw invalid(key, "The \(key) must be a string, but it is \(value.typeName).")
        }
        guard !string.isEmpty else { throw invalid(key, "The \(key) is empty.") }
        return string
    }

    private func identifier(_ object: [String: JSONValue], _ key: String) throws(DataCollectError) -> String {
        let string = try requiredString(object, key)
        guard string.utf8.count <= limits.maxGuidLength else {
            throw invalid(key, "The \(key) is longer than \(limits.maxGuidLength) characters.")
        }
        guard string.utf8.allSatisfy(Self.isIdentifierByte) else {
            throw invalid(key, "The \(key) may only contain letters A–Z, digits and . _ : - characters.")
        }
        return string
    }

    static func isIdentifierByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
             UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "."), UInt8(ascii: "_"),
             UInt8(ascii: ":"), UInt8(ascii: "-"):
            return true
        default:
            return false
        }
    }

    private func text(_ object: [String: JSONValue], _ key: String, maxLength: Int) throws(DataCollectError) -> String {
        let string = try requiredString(object, key)
        guard string.utf8.count <= maxLength else {
            throw invalid(key, "The \(key) is longer than \(maxLength) bytes.")
        }
        guard !string.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) else {
            throw invalid(key, "The \(key) contains control characters.")
        }
        return string
    }

    private func payload(_ object: [String: JSONValue], allowingEmpty: Bool) throws(DataCollectError) -> [String: JSONValue] {
        guard let value = object["data"], !value.isNull else {
            throw invalid("data", "The event has no data.")
        }
        guard let data = value.objectValue else {
            throw invalid("data", "The data must be a JSON object, but it is \(value.typeName).")
        }
        guard !data.isEmpty || allowingEmpty else { throw invalid("data", "The event's data is empty.") }
        if depth(of: value) > limits.maxDataDepth {
            throw invalid("data", "The data is nested deeper than \(limits.maxDataDepth) levels.")
        }
        let size = value.canonicalBytes.count
        if size > limits.maxDataBytes {
            throw invalid("data", "The data is \(size) bytes, more than the limit of \(limits.maxDataBytes) bytes.")
        }
        return data
    }

    private func depth(of value: JSONValue) -> Int {
        switch value {
        case .array(let items): return 1 + (items.map(depth(of:)).max() ?? 0)
        case .object(let members): return 1 + (members.values.map(depth(of:)).max() ?? 0)
        default: return 0
        }
    }

    private func timestamp(_ object: [String: JSONValue]) throws(DataCollectError) -> EventTimestamp {
        let string = try requiredString(object, "timestamp")
        guard let timestamp = EventTimestamp(parsing: string) else {
            throw invalid("timestamp", "The timestamp is not in an accepted format: \(EventTimestamp.acceptedFormats).")
        }
        return timestamp
    }

    private func syncLevel(_ object: [String: JSONValue]) throws(DataCollectError) -> SyncLevel {
        guard let value = object["syncLevel"], !value.isNull else { return .local }
        guard let raw = value.numberValue?.intValue, let level = SyncLevel(rawValue: raw) else {
            throw invalid("syncLevel", "The syncLevel must be 0 (local), 1 (remote) or 2 (external).")
        }
        return level
    }
}
