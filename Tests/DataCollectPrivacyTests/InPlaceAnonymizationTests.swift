import DataCollectCore
import DataCollectGenerator
import DataCollectIntegrity
import DataCollectPrivacy
import DataCollectSQLite
import Foundation
import Synchronization
import Testing

@Suite("Anonymization in place", .serialized)
struct InPlaceAnonymizationTests {
    static let profile = AnonymizationProfile(
        name: "public-release",
        fields: [
            FieldRule(field: "name", op: .pseudonymize(key: "pseudonym", prefix: "P-", length: 12)),
            FieldRule(field: "dateOfBirth", op: .generalizeDate(.year)),
            FieldRule(field: "sex", op: .keep),
            FieldRule(field: "village", op: .keep),
        ],
        otherFields: .drop,
        kAnonymity: KAnonymityModel(quasiIdentifiers: ["dateOfBirth", "sex"], k: 2, maxSuppression: 0.5))

    static let policy = PrivacyPolicy(metadata: PolicyMetadata(name: "release", version: "1", owner: "DPO", legalBasis: "test"),
                                      profiles: [profile], sourceSHA256: "test")

    @Test("originals erased everywhere, derived values written as policy-anonymize events, k met, a second run changes nothing")
    func anonymizeInPlace() throws {
        let db = RetentionAndErasureTests.path("anonymize.sqlite")
        let manager = try RetentionAndErasureTests.generatedStore(db)
        let keys = KeyRing(keys: ["pseudonym": Array(repeating: 7, count: 32)])
        let individual = try manager.store.read { transaction in
            var found: Entity?
            try transaction.forEachRecord { if found == nil, $0.entity.type == .individual, $0.entity.data["phone"]?.stringValue != nil { found = $0.entity } }
            return found
        }
        let original = try #require(individual)
        let originalName = try #require(original.data["name"]?.stringValue)
        let originalPhone = try #require(original.data["phone"]?.stringValue)

        let anonymization = try ProfileAnonymization(profile: Self.profile, keys: keys, store: manager.store)
        let model = try #require(anonymization.model)
        #expect(model.achievedK >= 2)
        let runner = PolicyRunner(manager: manager, policy: Self.policy, actor: "officer-3")
        let now = RetentionAndErasureTests.time("2025-07-01T00:00:00Z")
        let report = try runner.applyAnonymization(profile: Self.profile, transform: anonymization.transform, now: now)
        #expect(report.entities == anonymization.derived.count)

        let after = try manager.entity(original.guid).pair.modified
        #expect(after.data == anonymization.derived[original.guid])
        #expect(after.data["phone"] == nil)
        #expect(after.data["name"]?.stringValue?.hasPrefix("P-") == true || after.data["name"] == .string("*"))
        #expect(try IntegrityVerifier().verify(manager.store).isIntact)
        // The past shows the originals as erased, never as they were.
        for entry in try manager.history(of: original.guid) {
            #expect(entry.entity?.data["name"] != .string(originalName))
            #expect(entry.entity?.data["phone"] != .string(originalPhone))
        }
        let bytes = RetentionAndErasureTests.fileBytes(db)
        #expect(!RetentionAndErasureTests.contains(bytes, originalPhone))

        let hash = try manager.stateHash()
        let second = try runner.applyAnonymization(profile: Self.profile, transform: anonymization.transform, now: now)
        #expect(second.subjects == 0)
        #expect(try manager.stateHash() == hash, "applying the same profile twice changes nothing")
    }

    @Test("clients cannot submit the reserved policy-anonymize type")
    func reservedType() throws {
        let manager = EntityDataManager(store: InMemoryStore())
        let report = try manager.submit([Event(guid: "x", entityGuid: "p", type: "policy-anonymize", data: ["data": [:]],
                                               timestamp: RetentionAndErasureTests.time("2024-01-01T00:00:00Z"), userId: "u")])
        #expect(report.rejected == 1)
    }
}

/// A transform that fails once on one entity, as a crash or a bug mid-run would.
final class FailOnce: Sendable {
    let guid: String
    private let armed = Mutex(true)

    init(_ guid: String) { self.guid = guid }

    func check(_ entity: String) throws {
        guard entity == guid, armed.withLock({ let was = $0; $0 = false; return was }) else { return }
        throw PolicyRunError(message: "interrupted")
    }
}

extension InPlaceAnonymizationTests {
    static let keys = KeyRing(keys: ["pseudonym": Array(repeating: 7, count: 32)])

    @Test("an interrupted retention run leaves whole batches done, and running it again ends where an uninterrupted run does")
    func interruptedRetentionResumes() throws {
        let operatorsOnly = AnonymizationProfile(name: "aged", fields: Self.profile.fields, otherFields: .drop)
        let policy = PrivacyPolicy(
            metadata: PolicyMetadata(name: "registry", version: "1", owner: "DPO", legalBasis: "test"),
            retention: [RetentionRule(name: "aged-out", match: RetentionMatch(entityType: .group), keep: ISODuration("P6M")!,
                                      from: .created, then: .anonymize(profile: "aged"))],
            profiles: [operatorsOnly], sourceSHA256: "test")
        let now = RetentionAndErasureTests.time("2025-01-01T00:00:00Z")
        let progress = Mutex<[(done: Int, total: Int)]>([])
        func run(_ manager: EntityDataManager, failing: FailOnce?) throws -> PolicyRunReport {
            var runner = PolicyRunner(manager: manager, policy: policy, actor: "officer-3")
            runner.batchSize = 3
            runner.progress = { done, total in progress.withLock { $0.append((done, total)) } }
            let plan = try runner.planRetention(now: now)
            return try runner.applyRetention(plan) { profile in
                let base = profile.rewriteTransform(keys: Self.keys)
                return { entity, household, data in
                    try failing?.check(entity)
                    return try base(entity, household, data)
                }
            }
        }
        let reference = try RetentionAndErasureTests.generatedStore(RetentionAndErasureTests.path("reference.sqlite"))
        let complete = try run(reference, failing: nil)
        #expect(complete.subjects > 6)
        let steps = progress.withLock { calls in defer { calls = [] }; return calls }
        // One progress step per batch; batches hold whole components (ComponentBatchesTests).
        #expect(steps.count > 2, "several batches")
        #expect(zip(steps, steps.dropFirst()).allSatisfy { $0.done < $1.done })
        #expect(steps.last?.done == complete.subjects)
        #expect(steps.allSatisfy { $0.total == complete.subjects })

        let manager = try RetentionAndErasureTests.generatedStore(RetentionAndErasureTests.path("interrupted.sqlite"))
        let due = try PolicyRunner(manager: manager, policy: policy, actor: "x").planRetention(now: now).subjects
        let victim = FailOnce(due[due.count / 2].root)
        #expect(throws: PolicyRunError.self) { try run(manager, failing: victim) }
        #expect(try IntegrityVerifier().verify(manager.store).isIntact, "the interrupted batch rolled back whole")
        let resumed = try run(manager, failing: victim)
        #expect(resumed.subjects < complete.subjects, "the batches done before the interruption are not redone")
        #expect(try manager.stateHash() == reference.stateHash())
    }

    @Test("an interrupted in-place anonymization rolls back whole; run again, it ends where an uninterrupted run does")
    func interruptedAnonymizationRollsBack() throws {
        let now = RetentionAndErasureTests.time("2025-07-01T00:00:00Z")
        func run(_ manager: EntityDataManager, failing: FailOnce?) throws -> PolicyRunReport {
            let anonymization = try ProfileAnonymization(profile: Self.profile, keys: Self.keys, store: manager.store)
            let base = anonymization.transform
            return try PolicyRunner(manager: manager, policy: Self.policy, actor: "officer-3")
                .applyAnonymization(profile: Self.profile, transform: { entity, household, data in
                    try failing?.check(entity)
                    return try base(entity, household, data)
                }, now: now)
        }
        let reference = try RetentionAndErasureTests.generatedStore(RetentionAndErasureTests.path("reference.sqlite"))
        _ = try run(reference, failing: nil)
        let manager = try RetentionAndErasureTests.generatedStore(RetentionAndErasureTests.path("interrupted.sqlite"))
        let before = try manager.stateHash()
        let guids = try manager.allEntities().map(\.modified.guid).sorted()
        #expect(throws: PolicyRunError.self) { try run(manager, failing: FailOnce(guids[guids.count / 2])) }
        #expect(try manager.stateHash() == before, "nothing of the interrupted run remains")
        _ = try run(manager, failing: nil)
        #expect(try manager.stateHash() == reference.stateHash())
        let second = try run(manager, failing: nil)
        #expect(second.subjects == 0, "a second run finds everything done")
    }
}
