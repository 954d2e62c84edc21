import DataCollectCore
import DataCollectIntegrity

/// How registry data and OpenSPP registrants (`res.partner` with `is_registrant`) correspond.
///
/// | DataCollect | OpenSPP `res.partner` |
/// |---|---|
/// | entity guid | `ref` = `datacollect:<guid>` (how a pushed registrant is found again) |
/// | `name` | `name` |
/// | `phone` | `phone` |
/// | individual `dateOfBirth` (`YYYY-MM-DD`) | `birthdate` |
/// | individual `sex` | `gender` |
/// | `externalId` (pulled, text) | `id` |
/// | household `status: exited`, `exitDate`, `exitReason` | `disabled` (`exitDate 00:00:00`), `disabled_reason` |
///
/// A registrant OpenSPP created (no `datacollect:` ref) becomes the entity `openspp-<id>`.
enum OpenSPPMapping {
    static let refPrefix = "datacollect:"
    /// The fields a pull reads.
    static let pulledFields = ["id", "name", "is_group", "birthdate", "gender", "phone", "ref", "write_date",
                               "disabled", "disabled_reason"]

    static func ref(_ entityGuid: String) -> String { refPrefix + entityGuid }

    /// OpenSPP values for an individual's data (fields it does not hold are left out).
    static func individualValues(_ data: [String: JSONValue]) -> [String: JSONValue] {
        var values = groupValues(data)
        if let born = data["dateOfBirth"]?.stringValue { values["birthdate"] = .string(born) }
        if let sex = data["sex"]?.stringValue { values["gender"] = .string(sex) }
        return values
    }

    static func groupValues(_ data: [String: JSONValue]) -> [String: JSONValue] {
        var values: [String: JSONValue] = [:]
        for (ours, theirs) in [("name", "name"), ("phone", "phone")] {
            if let text = data[ours]?.stringValue { values[theirs] = .string(text) }
        }
        return values
    }

    /// The records (``ExternalRecordMapping``'s shape) one registrant becomes: its data as a
    /// `create-group` or `create-individual` (which merge into an entity that exists), and for
    /// a disabled household also a `household-exited`.
    static func records(for partner: JSONValue) -> [JSONValue] {
        let id = partner["id"]?.numberValue?.intValue.map(String.init) ?? ""
        let entityGuid: String
        if let ref = text(partner["ref"]), ref.hasPrefix(refPrefix), ref.count > refPrefix.count {
            entityGuid = String(ref.dropFirst(refPrefix.count))
        } else {
            entityGuid = "openspp-\(id)"
        }
        let isGroup = partner["is_group"]?.boolValue ?? false
        var data: [String: JSONValue] = ["externalId": .string(id)]
        if let name = text(partner["name"]) { data["name"] = .string(name) }
        if let phone = text(partner["phone"]) { data["phone"] = .string(phone) }
        if !isGroup {
            if let born = text(partner["birthdate"]) { data["dateOfBirth"] = .string(born) }
            if let gender = text(partner["gender"]) { data["sex"] = .string(gender) }
        }
        var record: [String: JSONValue] = [
            "id": .string("res.partner/\(id)"), "entityGuid": .string(entityGuid),
            "type": .string(isGroup ? "create-group" : "create-individual"), "data": .object(data),
        ]
        let timestamp = text(partner["write_date"]).flatMap(isoTimestamp)
        if let timestamp { record["timestamp"] = .string(timestamp) }
        var records: [JSONValue] = [.object(record)]
        if isGroup, let disabled = text(partner["disabled"]), disabled.count >= 10 {
            var exit: [String: JSONValue] = ["exitDate": .string(String(disabled.prefix(10)))]
            if let reason = text(partner["disabled_reason"]) { exit["reason"] = .string(reason) }
            var exitRecord: [String: JSONValue] = [
                "id": .string("res.partner/\(id)/exit"), "entityGuid": .string(entityGuid), "type": "household-exited",
                "data": .object(exit),
            ]
            if let timestamp { exitRecord["timestamp"] = .string(timestamp) }
            records.append(.object(exitRecord))
        }
        return records
    }

    /// Odoo answers `false` for an empty field and `[id, "label"]` for a reference.
    static func text(_ value: JSONValue?) -> String? {
        switch value {
        case .string(let text)? where !text.isEmpty: text
        case .array(let pair)? where pair.count == 2: pair[1].stringValue
        default: nil
        }
    }

    /// Odoo's date (`YYYY-MM-DD`) of a time, UTC.
    static func odooDate(_ timestamp: EventTimestamp) -> String { String(timestamp.iso8601.prefix(10)) }

    /// Odoo's datetime (`YYYY-MM-DD HH:MM:SS`, UTC) of a time.
    static func odooDateTime(_ timestamp: EventTimestamp) -> String {
        String(timestamp.iso8601.prefix(19).map { $0 == "T" ? " " : $0 })
    }

    /// Odoo's `YYYY-MM-DD HH:MM:SS` (UTC) as ISO 8601; nil for anything else.
    static func isoTimestamp(_ odoo: String) -> String? {
        let iso = String(odoo.map { $0 == " " ? "T" : $0 }) + "Z"
        return EventTimestamp(parsing: iso) != nil ? iso : nil
    }
}
