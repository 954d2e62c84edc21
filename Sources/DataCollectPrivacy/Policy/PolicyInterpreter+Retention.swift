import DataCollectCore
import DataCollectIntegrity
import Yams

/// The `retention` and `legalHolds` sections.
extension PolicyInterpreter {
    static let clockHelp = "created, lastUpdated, {field: <date field>} or {event: <event type>}"
    static let durationHelp = "expected something like P5Y, P18M or P90D"

    func retentionRules(_ value: YAMLLocatedNode, profiles: Set<String>) -> [RetentionRule]? {
        guard let items = reader.list(value, expected: "a list of retention rules", allowEmpty: true) else { return nil }
        let rules = items.map { retentionRule($0, profiles: profiles) }
        checkUnique(items, what: "retention rule")
        return rules.contains(nil) ? nil : rules.compactMap { $0 }
    }

    private func retentionRule(_ item: YAMLLocatedNode, profiles: Set<String>) -> RetentionRule? {
        guard let fields = reader.mapping(item, expected: "a retention rule", allowed: ["name", "match", "keep", "from", "then"],
                                          required: [
                                              YAMLRequiredKey("name", "a unique name for the rule"),
                                              YAMLRequiredKey("match", "which subjects the rule covers"),
                                              YAMLRequiredKey("keep", "how long to keep them, such as P5Y"),
                                              YAMLRequiredKey("from", "when that period starts: \(Self.clockHelp)"),
                                              YAMLRequiredKey("then", "what happens after: delete or {anonymize: <profile>}"),
                                          ])
        else { return nil }
        let name = fields["name"].flatMap { reader.text($0, expected: "a rule name (text)") }
        let match = fields["match"].flatMap(retentionMatch)
        let keep = fields["keep"].flatMap(duration)
        let from = fields["from"].flatMap(clock)
        let then = fields["then"].flatMap { action($0, profiles: profiles) }
        guard let name, let match, let keep, let from, let then else { return nil }
        return RetentionRule(name: name, match: match, keep: keep, from: from, then: then)
    }

    private func retentionMatch(_ value: YAMLLocatedNode) -> RetentionMatch? {
        let conditions = ["entityType", "eventTypes", "auditActions", "criteria"]
        guard let fields = reader.mapping(value, expected: "a match", allowed: conditions) else { return nil }
        guard !fields.values.isEmpty else {
            if case .mapping(let mapping) = value.node, mapping.isEmpty {
                diagnostics.report(value, "a match needs at least one condition: " + conditions.joined(separator: ", "))
            }
            return nil
        }
        var match = RetentionMatch()
        var failed = false
        if let node = fields["entityType"] {
            if let text = reader.text(node, expected: "an entity type: individual or group") {
                match.entityType = EntityType(rawValue: text)
                if match.entityType == nil {
                    diagnostics.report(node, "\"\(YAMLNodeReader.shortened(text))\" is not an entity type; expected individual or group")
                }
            }
            failed = failed || match.entityType == nil
        }
        if let node = fields["eventTypes"] {
            match.eventTypes = reader.textList(node, expected: "a list of event types", element: "an event type (text)")
            failed = failed || match.eventTypes == nil
        }
        if let node = fields["auditActions"] {
            match.auditActions = reader.textList(node, expected: "a list of audit actions", element: "an audit action (text)")
            failed = failed || match.auditActions == nil
        }
        if let node = fields["criteria"] {
            match.criteria = criteria(node)
            failed = failed || match.criteria == nil
        }
        return failed ? nil : match
    }

    /// Search-language criteria, checked by ``SearchCriteria`` itself.
    func criteria(_ value: YAMLLocatedNode) -> SearchCriteria? {
        guard let items = reader.list(value, expected: "search criteria: a list of clauses such as [{\"village\": \"Kalamba\"}]"),
              let json = reader.json(value) else { return nil }
        do {
            return try SearchCriteria(json: json)
        } catch {
            var at = value
            if let field = error.field, let open = field.firstIndex(of: "["), let close = field.firstIndex(of: "]"),
               let index = Int(field[field.index(after: open)..<close]), items.indices.contains(index) {
                at = items[index]
            }
            var reason = error.message
            if reason.hasSuffix(".") { reason.removeLast() }
            diagnostics.report(at, "not valid search criteria: " + reason.prefix(1).lowercased() + reason.dropFirst())
            return nil
        }
    }

    private func duration(_ value: YAMLLocatedNode) -> ISODuration? {
        guard case .scalar(let scalar) = value.node, value.node.tag.rawValue != Tag.Name.null.rawValue else {
            diagnostics.report(value, "expected an ISO 8601 duration (such as P5Y), found \(YAMLNodeReader.describe(value.node))")
            return nil
        }
        guard let duration = ISODuration(scalar.string) else {
            diagnostics.report(value, "\"\(YAMLNodeReader.shortened(scalar.string))\" is not an ISO 8601 duration; \(Self.durationHelp)")
            return nil
        }
        return duration
    }

    private func clock(_ value: YAMLLocatedNode) -> RetentionClock? {
        switch value.node {
        case .scalar(let scalar) where YAMLNodeReader.isText(value.node):
            switch scalar.string {
            case "created": return .created
            case "lastUpdated": return .lastUpdated
            default:
                diagnostics.report(value, "\"\(YAMLNodeReader.shortened(scalar.string))\" is not a retention clock; expected \(Self.clockHelp)")
                return nil
            }
        case .mapping(let mapping):
            guard let fields = reader.mapping(value, expected: "a retention clock", allowed: ["field", "event"]) else { return nil }
            switch (fields["field"], fields["event"]) {
            case (let field?, nil):
                return reader.text(field, expected: "the name of a date field, such as exitDate").map(RetentionClock.field)
            case (nil, let event?):
                return reader.text(event, expected: "an event type, such as household-exited").map(RetentionClock.event)
            case (_?, _?):
                diagnostics.report(value, "a retention clock is either {field: ...} or {event: ...}, not both")
            case (nil, nil):
                if mapping.isEmpty { diagnostics.report(value, "expected \(Self.clockHelp), found an empty mapping") }
            }
            return nil
        default:
            diagnostics.report(value, "expected a retention clock: \(Self.clockHelp); found \(YAMLNodeReader.describe(value.node))")
            return nil
        }
    }

    private func action(_ value: YAMLLocatedNode, profiles: Set<String>) -> RetentionAction? {
        switch value.node {
        case .scalar(let scalar) where YAMLNodeReader.isText(value.node):
            guard scalar.string == "delete" else {
                diagnostics.report(value, "\"\(YAMLNodeReader.shortened(scalar.string))\" is not an action; "
                                   + "expected delete or {anonymize: <profile name>}")
                return nil
            }
            return .delete
        case .mapping:
            guard let fields = reader.mapping(value, expected: "an anonymize action", allowed: ["anonymize"],
                                              required: [YAMLRequiredKey("anonymize", "the name of a profile in profiles")]),
                  let node = fields["anonymize"], let profile = reader.text(node, expected: "a profile name (text)")
            else { return nil }
            guard profiles.contains(profile) else {
                diagnostics.report(node, "there is no profile named \"\(YAMLNodeReader.shortened(profile))\"; "
                                   + Self.choices(profiles, of: "profile", section: "profiles"))
                return nil
            }
            return .anonymize(profile: profile)
        default:
            diagnostics.report(value, "expected an action: delete or {anonymize: <profile name>}; found \(YAMLNodeReader.describe(value.node))")
            return nil
        }
    }

    /// "expected one of a, b" or "this policy has no profiles".
    static func choices(_ names: Set<String>, of kind: String, section: String) -> String {
        names.isEmpty
            ? "this policy declares no \(section)"
            : "expected one of the \(section) declared in this policy: " + names.sorted().joined(separator: ", ")
    }

    // MARK: legalHolds

    func legalHolds(_ value: YAMLLocatedNode) -> [LegalHold]? {
        guard let items = reader.list(value, expected: "a list of legal holds", allowEmpty: true) else { return nil }
        let holds = items.map(legalHold)
        checkUnique(items, what: "legal hold")
        return holds.contains(nil) ? nil : holds.compactMap { $0 }
    }

    private func legalHold(_ item: YAMLLocatedNode) -> LegalHold? {
        guard let fields = reader.mapping(item, expected: "a legal hold", allowed: ["name", "entities", "criteria", "reason", "until"],
                                          required: [
                                              YAMLRequiredKey("name", "a unique name for the hold"),
                                              YAMLRequiredKey("reason", "why the data must not be touched"),
                                          ])
        else { return nil }
        let name = fields["name"].flatMap { reader.text($0, expected: "a hold name (text)") }
        let reason = fields["reason"].flatMap { reader.text($0, expected: "the reason (text)") }
        var failed = name == nil || reason == nil
        var entities: [String] = []
        if let node = fields["entities"] {
            let list = reader.textList(node, expected: "a list of entity guids", element: "an entity guid (text)")
            entities = list ?? []
            failed = failed || list == nil
        }
        var criteria: SearchCriteria?
        if let node = fields["criteria"] {
            criteria = self.criteria(node)
            failed = failed || criteria == nil
        }
        var until: EventTimestamp?
        if let node = fields["until"] {
            until = holdEnd(node)
            failed = failed || until == nil
        }
        if fields["entities"] == nil && fields["criteria"] == nil {
            diagnostics.report(item, "a legal hold needs entities, criteria or both, to say which subjects it protects")
            failed = true
        }
        guard !failed, let name, let reason else { return nil }
        return LegalHold(name: name, entities: entities, criteria: criteria, reason: reason, until: until)
    }

    private func holdEnd(_ value: YAMLLocatedNode) -> EventTimestamp? {
        guard let text = reader.text(value, expected: "a date such as 2027-06-30") else { return nil }
        if text.lowercased() != "now", let time = try? TimePoint.parse(text, option: value.path) { return time }
        diagnostics.report(value, "\"\(YAMLNodeReader.shortened(text))\" is not a date; expected a date such as 2027-06-30 "
                           + "(the hold lasts to the end of that day, UTC) or a date and time with a zone such as 2027-06-30T17:00:00Z")
        return nil
    }
}
