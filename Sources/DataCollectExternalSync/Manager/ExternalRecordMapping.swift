public import DataCollectCore
public import DataCollectIntegrity

/// How an external record becomes an event, the same for every adapter:
///
/// | record field | event field |
/// |---|---|
/// | `id` (string or integer, required) | `guid` = ``DeterministicID`` of adapter type, id and timestamp |
/// | `entityGuid` (optional) | `entityGuid`; when absent, the `id` |
/// | `type` | `type` (an event type with an applier, such as `create-individual`) |
/// | `data` | `data`, as it is (not nested under `data.data`, unlike the existing OpenFn adapter) |
/// | `timestamp` (ISO 8601, required) | `timestamp` (never "now": pulls stay deterministic) |
/// | — | `userId` = `external:<adapter type>`, `syncLevel` = 2 (EXTERNAL) |
///
/// The guid is derived, not random, so pulling the same record twice is a no-op
/// (`alreadyPresent`); a changed record (new timestamp) is a new event on the same entity.
/// Everything else is checked by the event decoder, which names the failing field.
///
/// ```swift
/// let event = try ExternalRecordMapping.event(from: record, adapterType: "webhook").get()
/// ```
public enum ExternalRecordMapping {
    /// The author of every event pulled through an adapter of this type.
    public static func author(adapterType: String) -> String { "external:\(adapterType)" }

    /// The record's id as text, when it has a usable one.
    public static func recordID(of record: JSONValue) -> String? {
        if let text = record["id"]?.stringValue, !text.isEmpty { return text }
        if let number = record["id"]?.numberValue?.intValue { return String(number) }
        return nil
    }

    /// The event JSON for a record, or why the record cannot be one.
    public static func event(from record: JSONValue, adapterType: String) -> Result<JSONValue, DataCollectError> {
        guard let object = record.objectValue else {
            return .failure(DataCollectError(.invalidForm, message: "A record must be a JSON object, but this is \(record.typeName)."))
        }
        guard let id = recordID(of: record) else {
            return .failure(DataCollectError(.invalidForm, field: "id",
                                             message: "The record has no id (a non-empty string or an integer)."))
        }
        let timestampText = object["timestamp"]?.stringValue ?? ""
        var event: [String: JSONValue] = [
            "guid": .string(DeterministicID.make("external-record", adapterType, id, timestampText)),
            "entityGuid": object["entityGuid"].flatMap { $0.isNull ? nil : $0 } ?? .string(id),
            "userId": .string(author(adapterType: adapterType)),
            "syncLevel": .number(JSONNumber(SyncLevel.external.rawValue)),
        ]
        for key in ["type", "data", "timestamp"] {
            if let value = object[key] { event[key] = value }
        }
        return .success(.object(event))
    }
}
