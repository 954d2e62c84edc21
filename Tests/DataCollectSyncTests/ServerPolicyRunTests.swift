import DataCollectCore
import DataCollectGenerator
import DataCollectIntegrity
import DataCollectPrivacy
import DataCollectSync
import Foundation
import Synchronization
import Testing

/// A retention or anonymization run on the server erases values and writes policy events.
/// Devices that synced before must end where the server is, and must not keep the erased
/// values: a data subject's erasure is not done while field devices still hold the data.
@Suite("A policy run on the server reaches the devices")
struct ServerPolicyRunTests {
    static let profile = AnonymizationProfile(
        name: "statistics",
        fields: [
            FieldRule(field: "dateOfBirth", op: .generalizeDate(.year)),
            FieldRule(field: "sex", op: .keep),
            FieldRule(field: "village", op: .keep),
        ],
        otherFields: .drop)

    static let policy = PrivacyPolicy(metadata: PolicyMetadata(name: "registry", version: "1", owner: "DPO", legalBasis: "test"),
                                      profiles: [profile], sourceSHA256: "test")

    /// Every text value in the device's stored events.
    static func storedTexts(_ device: Device) throws -> Set<String> {
        var texts: Set<String> = []
        func collect(_ value: JSONValue) {
            switch value {
            case .string(let text): texts.insert(text)
            case .array(let items): items.forEach(collect)
            case .object(let members): members.values.forEach(collect)
            default: break
            }
        }
        for stored in try device.store.read({ try $0.allStoredEvents() }) { collect(.object(stored.event.data)) }
        return texts
    }

    @Test func anAnonymizationOnTheServerReachesDevicesThatSyncedBeforeAndAfter() async throws {
        try await Self.expectDevicesFollow { manager in
            let anonymization = try ProfileAnonymization(profile: Self.profile, keys: KeyRing(keys: [:]), store: manager.store)
            return try PolicyRunner(manager: manager, policy: Self.policy, actor: "officer")
                .applyAnonymization(profile: Self.profile, transform: anonymization.transform, now: .now())
        }
    }

    @Test func aRetentionRunThatErasesHouseholdsReachesDevicesThatSyncedBeforeAndAfter() async throws {
        try await Self.expectDevicesFollow(Self.retention)
    }

    enum Forgery: String, CaseIterable, Sendable {
        /// An erasure names a field the server's entry does not.
        case addedField
        /// An erasure is pointed at another event than the one the entry names.
        case redirectedErasure
        case droppedProof
        /// The events log's checkpoint, validly signed, offered as the audit log's.
        case eventsCheckpointAsAudit
        case forgedAuditSignature
    }

    /// The erasures a device follows are checked against the server's signed audit log before
    /// any is applied: altered, invented or unproven ones stop the sync with nothing erased.
    @Test(arguments: Forgery.allCases)
    func forgedErasuresAreDetectedBeforeAnythingIsErased(_ forgery: Forgery) async throws {
        let setup = try await Self.afterPolicyRun(Self.retention)
        defer { setup.fixture.remove() }
        let early = setup.early
        try await setup.fixture.run { server in
            let eventsCheckpoint = Mutex<JSONValue?>(nil)
            let faulty = FaultyTransport(server.transport) { route, _ in
                switch route {
                case "/api/v2/checkpoints":
                    return .alter { answer in
                        let note = answer["checkpoint"]?["note"]?.stringValue ?? ""
                        guard note.contains("/audit\n") else {
                            eventsCheckpoint.withLock { $0 = answer }
                            return answer
                        }
                        switch forgery {
                        case .eventsCheckpointAsAudit: return eventsCheckpoint.withLock { $0 } ?? answer
                        case .forgedAuditSignature:
                            return Self.changingFirstRedaction(in: answer, path: ["checkpoint", "note"]) { _ in
                                .string(note.replacingOccurrences(of: "/audit\n", with: "/audit\n1"))
                            }
                        default: return answer
                        }
                    }
                case "/api/v2/sync/pull/audit":
                    return .alter { answer in
                        switch forgery {
                        case .addedField:
                            return Self.changingFirstRedaction(in: answer, path: ["entry", "changes", "fields"]) { fields in
                                .array((fields.arrayValue ?? []) + ["givenName"])
                            }
                        case .redirectedErasure:
                            return Self.changingFirstRedaction(in: answer, path: ["entry", "eventGuid"]) { _ in "another-event" }
                        case .droppedProof:
                            return Self.changingFirstRedaction(in: answer, path: ["proof"]) { _ in .null }
                        default: return answer
                        }
                    }
                default: return .none
                }
            }
            let error = await #expect(throws: SyncIntegrityError.self) { try await early.sync(server, transport: faulty) }
            let expected: [Forgery: SyncIntegrityError.Code] = [
                .addedField: .auditEntryAltered, .redirectedErasure: .auditEntryNotInLog, .droppedProof: .auditEntryNotInLog,
                .eventsCheckpointAsAudit: .wrongLog, .forgedAuditSignature: .invalidCheckpoint,
            ]
            #expect(error?.code == expected[forgery])
            #expect(!(try Self.storedTexts(early).isDisjoint(with: setup.phones)), "nothing was erased")
            let before = try early.status().auditCheckpoint


            // Untouched, the same sync follows every erasure.
            let report = try await early.sync(server)
            #expect(report.pull.redactedEvents > 0)
            #expect(try Self.storedTexts(early).isDisjoint(with: setup.phones))
            #expect(try early.stateHash() == setup.serverHash)
            #expect(try early.status().auditCheckpoint.map { $0.size > before?.size ?? 0 } == true,
                    "the audit checkpoint is recorded once the erasures it proves were followed")
        }
    }

    /// The answer with a member of its first `redact-event` entry changed (`.null` removes it);
    /// with a path outside `entries`, the answer's own member at that path.
    static func changingFirstRedaction(in answer: JSONValue, path: [String], _ change: (JSONValue) -> JSONValue) -> JSONValue {
        func replacing(_ value: JSONValue, _ path: ArraySlice<String>) -> JSONValue {
            guard let key = path.first, var object = value.objectValue else { return value }
            if path.count == 1 {
                let changed = change(object[key] ?? .null)
                object[key] = changed.isNull ? nil : changed
            } else {
                object[key] = replacing(object[key] ?? .null, path.dropFirst())
            }
            return .object(object)
        }
        guard var entries = answer["entries"]?.arrayValue else { return replacing(answer, path[...]) }
        guard let first = entries.firstIndex(where: { $0["entry"]?["action"]?.stringValue == "redact-event" }) else { return answer }
        entries[first] = replacing(entries[first], path[...])
        var object = answer.objectValue ?? [:]
        object["entries"] = .array(entries)
        return .object(object)
    }

    /// Two devices synced a generated registry, then `policyRun` ran on the server's store
    /// while it was stopped.
    struct AfterPolicyRun {
        let fixture: SyncServerFixture
        let author: Device
        let early: Device
        /// The phone numbers of the registry: the run erased them all.
        let phones: Set<String>
        let serverHash: String
    }

    static func afterPolicyRun(_ policyRun: (EntityDataManager) throws -> PolicyRunReport) async throws -> AfterPolicyRun {
        let fixture = try SyncServerFixture()
        let events = EventGenerator(households: 8, seed: 11).generate().events
        let phones = Set(events.compactMap { $0.data["phone"]?.stringValue })
        #expect(!phones.isEmpty)
        let author = try Device("author", in: fixture)
        let early = try Device("early", in: fixture)
        try await fixture.run { server in
            try author.record(events)
            try await author.sync(server)
            try await early.sync(server)
        }
        #expect(!(try Self.storedTexts(early).isDisjoint(with: phones)))

        let serverManager = try fixture.tenantManager()
        let run = try policyRun(serverManager)
        #expect(run.redactedFields > 0)
        return AfterPolicyRun(fixture: fixture, author: author, early: early, phones: phones,
                              serverHash: try serverManager.stateHash())
    }

    static func retention(_ manager: EntityDataManager) throws -> PolicyRunReport {
        let policy = PrivacyPolicy(
            metadata: PolicyMetadata(name: "registry", version: "1", owner: "DPO", legalBasis: "test"),
            retention: [RetentionRule(name: "old-households", match: RetentionMatch(entityType: .group),
                                      keep: ISODuration("P6M")!, from: .created, then: .delete)],
            sourceSHA256: "test")
        let runner = PolicyRunner(manager: manager, policy: policy, actor: "officer")
        return try runner.applyRetention(try runner.planRetention(now: .now())) { $0.rewriteTransform(keys: KeyRing(keys: [:])) }
    }

    /// Both devices and a new one sync after the run, and all must hold the server's state and
    /// none of the erased phone numbers.
    static func expectDevicesFollow(_ policyRun: (EntityDataManager) throws -> PolicyRunReport) async throws {
        let setup = try await afterPolicyRun(policyRun)
        let (fixture, author, early, phones, serverHash) = (setup.fixture, setup.author, setup.early, setup.phones, setup.serverHash)
        defer { fixture.remove() }

        try await fixture.run { server in
            let report = try await early.sync(server)
            #expect(report.pull.rejected == 0 && report.pull.conflicts == 0)
            #expect(report.pull.redactedEvents > 0)
            try await author.sync(server)
            let late = try Device("late", in: fixture)
            // A new device gets the events as the server holds them now, some with every field
            // erased or with a members list gone, and refuses none of them.
            let lateReport = try await late.sync(server)
            #expect(lateReport.pull.rejected == 0 && lateReport.pull.applied == lateReport.pull.pulled)
            #expect(try late.status().rejections.isEmpty)
            for device in [early, author, late] {
                #expect(try device.stateHash() == serverHash, "\(device.name) converges")
                #expect(try Self.storedTexts(device).isDisjoint(with: phones), "\(device.name) keeps no erased phone number")
                #expect(try IntegrityVerifier().verify(device.store).isIntact, "\(device.name)'s own log stays intact")
            }
            let again = try await early.sync(server)
            #expect(again.pull.redactedEvents == 0 && again.pull.applied == 0, "nothing is done twice")
        }
    }
}
