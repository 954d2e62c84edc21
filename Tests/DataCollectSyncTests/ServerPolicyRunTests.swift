import DataCollectCore
import DataCollectGenerator
import DataCollectIntegrity
import DataCollectPrivacy
import DataCollectSync
import Foundation
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
        let policy = PrivacyPolicy(
            metadata: PolicyMetadata(name: "registry", version: "1", owner: "DPO", legalBasis: "test"),
            retention: [RetentionRule(name: "old-households", match: RetentionMatch(entityType: .group),
                                      keep: ISODuration("P6M")!, from: .created, then: .delete)],
            sourceSHA256: "test")
        try await Self.expectDevicesFollow { manager in
            let runner = PolicyRunner(manager: manager, policy: policy, actor: "officer")
            let plan = try runner.planRetention(now: .now())
            return try runner.applyRetention(plan) { $0.rewriteTransform(keys: KeyRing(keys: [:])) }
        }
    }

    /// Two devices sync a generated registry; `policyRun` runs on the server's store while it is
    /// stopped; then both devices and a new one sync, and all must hold the server's state and
    /// none of the erased phone numbers.
    static func expectDevicesFollow(_ policyRun: (EntityDataManager) throws -> PolicyRunReport) async throws {
        let fixture = try SyncServerFixture()
        defer { fixture.remove() }
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
        let serverHash = try serverManager.stateHash()

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
