import DataCollectCore
import DataCollectIntegrity
import DataCollectSQLite
import DataCollectSync
import Foundation
import Testing

@Suite("A server whose log was rolled back, rewritten or forked is detected, never followed")
struct ServerTamperingTests {
    /// After two devices synced three events, the server's tenant store is replaced by one
    /// with another history, under the same signing key and origin (what an attacker with
    /// the server's disk, or a restore from the wrong backup, produces).
    @Test(arguments: [
        (2, SyncIntegrityError.Code.logRolledBack),
        (3, SyncIntegrityError.Code.logForked),
        (5, SyncIntegrityError.Code.logRewritten),
    ])
    func aReplacedHistoryStopsTheSyncBeforeAnythingIsApplied(events: Int, expected: SyncIntegrityError.Code) async throws {
        let fixture = try SyncServerFixture()
        defer { fixture.remove() }
        let watcher = try Device("watcher", in: fixture)
        try await fixture.run { server in
            let author = try Device("author", in: fixture)
            try author.record((1 ... 3).map { fieldEvent("e-\($0)", entity: "person-\($0)", minute: $0) })
            try await author.sync(server)
            try await watcher.sync(server)
        }
        let before = try watcher.stateHash()
        try Self.rewriteTenantStore(of: fixture, with: (1 ... events).map {
            fieldEvent("forged-\($0)", entity: "person-\($0)", data: ["name": "Person Z"], minute: $0)
        })

        try await fixture.run { server in
            for _ in 0 ..< 2 {  // and it stays refused: nothing is healed over
                let error = await #expect(throws: SyncIntegrityError.self) { try await watcher.sync(server) }
                #expect(error?.code == expected)
            }
        }
        #expect(try watcher.stateHash() == before)
        #expect(try watcher.eventCount() == 3)
        #expect(try watcher.store.read { try $0.events(afterSeq: 0, limit: 10) }.allSatisfy { !$0.event.guid.hasPrefix("forged") })
        #expect(try watcher.status().checkpoint?.size == 3)
    }

    @Test func aNewSigningKeyIsDetected() async throws {
        let fixture = try SyncServerFixture()
        defer { fixture.remove() }
        let device = try Device("device", in: fixture)
        try await fixture.run { server in
            try device.record([fieldEvent("e-1", entity: "person-1")])
            try await device.sync(server)
        }
        // The key file is gone: the server makes a new key and signs the same log with it.
        try FileManager.default.removeItem(atPath: fixture.keyPath("alpha"))
        try await fixture.run { server in
            let other = try Device("other", in: fixture)
            try other.record([fieldEvent("e-2", entity: "person-2")])
            try await other.sync(server)  // a new device simply pins the new key

            let before = try device.stateHash()
            let error = await #expect(throws: SyncIntegrityError.self) { try await device.sync(server) }
            #expect(error?.code == .serverKeyChanged)
            #expect(try device.stateHash() == before)
            #expect(try device.eventCount() == 1)
        }
    }

    @Test func aConfiguredKeyIsRequiredFromTheFirstSync() async throws {
        let fixture = try SyncServerFixture()
        defer { fixture.remove() }
        try await fixture.run { server in
            let device = try Device("device", in: fixture)
            let wrongKey = try NoteSigner.generate(name: "someone-else").verifierKey
            let error = await #expect(throws: SyncIntegrityError.self) {
                try await device.sync(server) { $0.serverKey = wrongKey }
            }
            #expect(error?.code == .serverKeyChanged)

            let rightKey = try #require(try fixture.tenantManager().store.read { try $0.metadata(IntegrityMetadata.verifierKey) })
            let report = try await device.sync(server) { $0.serverKey = rightKey }
            #expect(report.pull.checkpoint != nil)
        }
    }

    /// The key a device pins can come with the tenant's app configuration, as a collector
    /// downloads it; a configuration for another tenant or with another key is refused.
    @Test func theAppConfigurationCarriesTheKeyToPin() async throws {
        let fixture = try SyncServerFixture()
        defer { fixture.remove() }
        try await fixture.run { server in
            let author = try Device("author", in: fixture)
            try author.record([fieldEvent("e-1", entity: "person-1")])
            try await author.sync(server)

            let collector = try await server.login(SyncServerFixture.collectorEmail)
            let answer = try await server.call(.get, "/api/apps/alpha", token: collector)
            let configuration = try #require(answer.json)
            let serverKey = try #require(try fixture.tenantManager().store.read { try $0.metadata(IntegrityMetadata.verifierKey) })
            #expect(configuration["checkpointKey"]?.stringValue == serverKey)
            let pinned = try SyncConfiguration.pinnedServerKey(appConfiguration: configuration, tenant: "alpha")
            let device = try Device("device", in: fixture)
            let report = try await device.sync(server) { $0.serverKey = pinned }
            #expect(report.pull.applied == 1)

            // A configuration whose key was swapped (or a server showing another key) stops the
            // first sync before anything is applied.
            var swapped = try #require(configuration.objectValue)
            swapped["checkpointKey"] = .string(try NoteSigner.generate(name: "impostor").verifierKey)
            let wrong = try SyncConfiguration.pinnedServerKey(appConfiguration: .object(swapped), tenant: "alpha")
            let fresh = try Device("fresh", in: fixture)
            let error = await #expect(throws: SyncIntegrityError.self) { try await fresh.sync(server) { $0.serverKey = wrong } }
            #expect(error?.code == .serverKeyChanged)
            #expect(try fresh.eventCount() == 0)

            #expect(throws: SyncError.self) { try SyncConfiguration.pinnedServerKey(appConfiguration: configuration, tenant: "beta") }
            swapped["checkpointKey"] = "not a key"
            #expect(throws: SyncError.self) { try SyncConfiguration.pinnedServerKey(appConfiguration: .object(swapped), tenant: "alpha") }
            swapped["checkpointKey"] = nil
            #expect(throws: SyncError.self) { try SyncConfiguration.pinnedServerKey(appConfiguration: .object(swapped), tenant: "alpha") }
        }
    }

    enum Tampering: String, CaseIterable, Sendable {
        case changedValue, changedRecordedAt, droppedEvent, droppedProof, forgedSignature
    }

    /// What the server sends is altered in transit; the device applies none of the round.
    @Test(arguments: Tampering.allCases)
    func alteredPullsAreDetectedBeforeAnythingIsApplied(_ tampering: Tampering) async throws {
        let fixture = try SyncServerFixture()
        defer { fixture.remove() }
        try await fixture.run { server in
            let author = try Device("author", in: fixture)
            try author.record((1 ... 4).map { fieldEvent("e-\($0)", entity: "person-\($0)", data: ["name": "Person A"], minute: $0) })
            try await author.sync(server)

            let reader = try Device("reader", in: fixture)
            let faulty = FaultyTransport(server.transport) { route, _ in
                switch (tampering, route) {
                case (.forgedSignature, "/api/v2/checkpoints"):
                    return .alter { answer in Self.replacing(answer, path: ["checkpoint", "note"]) { note in
                        .string(note.stringValue!.replacingOccurrences(of: "\n4\n", with: "\n5\n"))
                    } }
                case (.forgedSignature, _), (_, "/api/v2/checkpoints"), (_, "/api/users/login"): return .none
                case (_, "/api/v2/sync/pull"):
                    return .alter { answer in Self.tamper(answer, tampering) }
                default: return .none
                }
            }
            let error = await #expect(throws: SyncIntegrityError.self) { try await reader.sync(server, transport: faulty) }
            let expected: [Tampering: SyncIntegrityError.Code] = [
                .changedValue: .eventAltered, .changedRecordedAt: .eventNotInLog, .droppedEvent: .eventsWithheld,
                .droppedProof: .eventNotInLog, .forgedSignature: .invalidCheckpoint,
            ]
            #expect(error?.code == expected[tampering])
            #expect(try reader.eventCount() == 0)
            #expect(try reader.status().checkpoint == nil)

            // Untouched, the same pull goes through.
            let report = try await reader.sync(server)
            #expect(report.pull.applied == 4)
        }
    }

    // MARK: Helpers

    /// Replaces the tenant's SQLite file by a new one holding `events`, keeping the origin and
    /// verifier key the server recorded (so the server signs the new history with its old key).
    private static func rewriteTenantStore(of fixture: SyncServerFixture, with events: [Event]) throws {
        let path = fixture.tenantPath("alpha")
        let (origin, key) = try SQLiteStore(path: path).read {
            (try $0.metadata(IntegrityMetadata.origin), try $0.metadata(IntegrityMetadata.verifierKey))
        }
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
        let forged = try SQLiteStore(path: path)
        try forged.write { transaction in
            try transaction.setMetadata(IntegrityMetadata.origin, try #require(origin))
            try transaction.setMetadata(IntegrityMetadata.verifierKey, try #require(key))
        }
        let report = try EntityDataManager(store: forged).submit(events)
        #expect(report.appended == events.count)
    }

    private static func tamper(_ page: JSONValue, _ tampering: Tampering) -> JSONValue {
        guard var events = page["events"]?.arrayValue, events.count >= 2 else { return page }
        switch tampering {
        case .changedValue:
            events[1] = replacing(events[1], path: ["event", "data", "name"]) { _ in "Person Q" }
        case .changedRecordedAt:
            events[1] = replacing(events[1], path: ["recordedAt"]) { _ in "2030-01-01T00:00:00.000Z" }
        case .droppedEvent:
            events.remove(at: 1)
        case .droppedProof:
            events[1] = replacing(events[1], path: ["proof"]) { _ in .null }
        case .forgedSignature:
            break
        }
        return replacing(page, path: ["events"]) { _ in .array(events) }
    }

    /// The value with the member at `path` changed (`.null` removes it).
    private static func replacing(_ value: JSONValue, path: [String], with change: (JSONValue) -> JSONValue) -> JSONValue {
        guard let key = path.first, var object = value.objectValue else { return value }
        if path.count == 1 {
            let changed = change(object[key] ?? .null)
            object[key] = changed.isNull ? nil : changed
        } else {
            object[key] = replacing(object[key] ?? .null, path: Array(path.dropFirst()), with: change)
        }
        return .object(object)
    }
}
