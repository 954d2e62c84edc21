import DataCollectCore
import DataCollectIntegrity

/// How a run rewrites its subjects.
public enum RewriteMode: Sendable {
    /// Every value erased, the subject deleted (tombstones and commitments stay).
    case erase
    /// Every original value erased, then the derived values written back as a
    /// `policy-anonymize` event. `transform` maps (entity, household, data) to the new data.
    case anonymize(profile: String, transform: RewriteTransform)
}

/// Rewrites a batch of subjects inside one transaction: erases the values of every event that
/// holds their data (through the redaction API, so every log still verifies), then writes the
/// run's own events. Runs twice to the same effect as once.
///
/// A member's data can sit inside another entity's event (a household's `create-group` lists
/// its members in full). That `members` field is erased as a whole — commitments are per field —
/// and the members that must stay are written back by an `add-member` at the same capture time
/// (anonymized when the run anonymizes them), so their history keeps its shape.
struct SubjectRewrite {
    let manager: EntityDataManager
    /// Names the run in redactions (`verify` reports erased fields by run) and in event guids.
    let runID: String
    /// Stable across re-runs of the same decision, so re-running adds no event twice.
    let decisionKey: String
    let actor: String
    let now: EventTimestamp
    let mode: RewriteMode

    /// Fields that hold references, not personal data; kept so the history keeps its shape.
    static let structuralFields: Set<String> = ["memberId", "shouldDelete", "duplicates"]

    struct Outcome {
        var redactedEvents = 0
        var redactedFields = 0
        var writtenEvents = 0
    }

    /// - Parameter subjects: each subject's entities, the matched entity first.
    func apply(_ subjects: [[String]], households: [String: String], in transaction: any StoreTransaction) throws -> Outcome {
        let targets = Set(subjects.joined())
        var outcome = Outcome()
        // Read everything before erasing anything.
        var originals: [String: Entity] = [:]
        for guid in targets { originals[guid] = try transaction.record(guid: guid)?.entity }
        let events = try transaction.storedEvents(guids: transaction.eventGuids(touching: targets))
            .sorted { $0.seq < $1.seq }

        var requests: [RedactionRequest] = []
        var reissued: [Event] = []
        for stored in events {
            let event = stored.event
            let owned = targets.contains(event.entityGuid)
            let members = event.data["members"]?.arrayValue ?? []
            let embedsTarget = members.contains { $0["guid"]?.stringValue.map(targets.contains) ?? false }
            var fields: [String] = []
            if owned {
                fields = event.data.keys.filter { !Self.structuralFields.contains($0) }.sorted()
            } else if embedsTarget {
                fields = ["members"]
            }
            guard !fields.isEmpty else { continue }
            requests.append(RedactionRequest(eventGuid: event.guid, fields: fields))
            if fields.contains("members"), let reissue = try writeBack(of: event, members: members, targets: targets,
                                                                     households: households) {
                reissued.append(reissue)
            }
        }

        var runEvents = reissued
        switch mode {
        case .erase:
            for subject in subjects {
                guard let root = subject.first, try transaction.tombstone(guid: root) == nil else { continue }
                runEvents.append(runEvent(root, type: "delete-entity", data: ["reason": .string("policy run \(runID)")]))
            }
        case .anonymize(let profile, let transform):
            for guid in subjects.joined() {
                guard let original = originals[guid] else { continue }
                let derived = try transform(guid, households[guid], original.data)
                runEvents.append(runEvent(guid, type: ApplierRegistry.policyAnonymizeType, data: [
                    "data": .object(derived), "profile": .string(profile), "policyRun": .string(runID),
                ]))
            }
        }
        // One re-fold for both: the run's events are folded with the erased events, never on
        // top of the values being erased (which would copy them into conflict entries).
        let (results, report) = try manager.redact(requests, appending: runEvents, reason: "policy run \(runID)",
                                                   policyRun: runID, actor: actor, in: transaction)
        outcome.redactedEvents = results.filter { !$0.eventFields.isEmpty }.count
        outcome.redactedFields = results.reduce(0) { $0 + $1.eventFields.count }
        if let refused = report.items.first(where: { item in
            switch item.outcome {
            case .rejected, .conflict: true
            default: false
            }
        }) {
            // Nothing is left half done: the transaction rolls back.
            throw PolicyRunError(message: "The run could not write its event \(refused.guid ?? "?") (\(refused.outcome)); nothing was changed.")
        }
        outcome.writtenEvents = report.appended
        return outcome
    }

    /// The `add-member` that puts back the members of `event` that stay (anonymized when the run
    /// anonymizes them); nil when none stays.
    private func writeBack(of event: Event, members: [JSONValue], targets: Set<String>,
                           households: [String: String]) throws -> Event? {
        var kept: [JSONValue] = []
        for member in members {
            guard let guid = member["guid"]?.stringValue, targets.contains(guid) else {
                kept.append(member)
                continue
            }
            guard var object = member.objectValue else { continue }
            let structure = object.filter { ["guid", "type"].contains($0.key) }
            switch mode {
            case .erase:
                // Only the structure: the member still joined the household then (it is deleted
                // by the run), so the household's history keeps its shape and the tombstone stays.
                kept.append(.object(structure))
            case .anonymize(_, let transform):
                object = object.filter { !["guid", "type", "members"].contains($0.key) }
                kept.append(.object(try transform(guid, households[guid] ?? event.entityGuid, object)
                    .merging(structure) { _, keep in keep }))
            }
        }
        guard !kept.isEmpty else { return nil }
        // Sorts right after the original (same capture time, guid prefix); a guid too long for
        // that gets a derived one, and the fold's pending rule still places it after the original.
        let suffixed = "\(event.guid):\(Digest.sha256Hex(Array(decisionKey.utf8)).prefix(12))"
        return Event(guid: suffixed.utf8.count <= 128 ? suffixed : DeterministicID.make("reissue", event.guid, decisionKey),
                     entityGuid: event.entityGuid, type: "add-member", data: ["members": .array(kept)],
                     timestamp: event.timestamp, userId: actor)
    }

    private func runEvent(_ entity: String, type: String, data: [String: JSONValue]) -> Event {
        Event(guid: DeterministicID.make("policy", decisionKey, type, entity), entityGuid: entity, type: type,
              data: data, timestamp: now, userId: actor)
    }
}
