import DataCollectCore
import DataCollectIntegrity
import DataCollectSync
import Testing

/// `initial` is the state the server acknowledged (anchor-spec 1.3): a sync that pushed and
/// pulled everything makes it the current state; a local change, or an event the server
/// refused, shows as "has local changes" until a sync settles it.
@Suite("initial is the state the server acknowledged")
struct AcknowledgedStateTests {
    @Test func aSyncAcknowledgesWhatTheServerHoldsAndNothingElse() async throws {
        let fixture = try SyncServerFixture()
        defer { fixture.remove() }
        try await fixture.run { server in
            let device = try Device("device", in: fixture)
            let other = try Device("other", in: fixture)
            try other.record([fieldEvent("shared", entity: "person-3", data: ["name": "Person C"], minute: 1)])
            try await other.sync(server)

            try device.record([
                fieldEvent("p1-create", entity: "person-1", data: ["name": "Person A", "village": "North"], minute: 2),
                fieldEvent("p1-move", entity: "person-1", type: "update-individual", data: ["village": "South"], minute: 3),
                fieldEvent("p2-create", entity: "person-2", data: ["name": "Person B"], minute: 4),
                // The same guid as the other device's event, with other content: the server refuses it.
                fieldEvent("shared", entity: "person-3", data: ["name": "Person C."], minute: 1),
                fieldEvent("p3-move", entity: "person-3", type: "update-individual", data: ["village": "West"], minute: 5),
            ])
            func pair(_ guid: String) throws -> EntityPair { try device.manager.entity(guid).pair }
            #expect(try pair("person-1").hasLocalChanges)
            #expect(try pair("person-3").hasLocalChanges)

            let first = try await device.sync(server)
            #expect(first.push.conflicts == 1)
            #expect(first.acknowledgedEntities == 1)
            let person1 = try pair("person-1")
            #expect(!person1.hasLocalChanges && person1.initial == person1.modified)
            #expect(!(try pair("person-2").hasLocalChanges))
            #expect(try pair("person-3").hasLocalChanges, "touched by an event the server refused")

            // A local change shows until the next sync; the acknowledged state stays as it was.
            try device.record([fieldEvent("p1-again", entity: "person-1", type: "update-individual",
                                          data: ["village": "East"], minute: 6)])
            #expect(try pair("person-1").hasLocalChanges)
            #expect(try pair("person-1").initial.data["village"] == "South")
            let second = try await device.sync(server)
            #expect(second.acknowledgedEntities == 1)
            #expect(!(try pair("person-1").hasLocalChanges))
            #expect(try pair("person-1").initial.data["village"] == "East")
            #expect(try pair("person-3").hasLocalChanges)
            #expect(second.jsonValue["acknowledgedEntities"] == 1)
        }
    }

    /// The acknowledgment changes `initial` only: the state hash (over current states) that
    /// devices and server compare is untouched.
    @Test func acknowledgingChangesNeitherStateNorLog() throws {
        let manager = EntityDataManager(store: InMemoryStore())
        try manager.submit([
            fieldEvent("a", entity: "person-1", data: ["name": "Person A"], minute: 1),
            fieldEvent("b", entity: "person-1", type: "update-individual", data: ["village": "North"], minute: 2),
        ])
        let hash = try manager.stateHash()
        let events = try manager.store.read { try $0.eventCount() }
        #expect(try manager.acknowledgeState(exceptTouchedBy: ["b"]) == 0)
        #expect(try manager.entity("person-1").pair.hasLocalChanges)
        #expect(try manager.acknowledgeState(exceptTouchedBy: []) == 1)
        #expect(!(try manager.entity("person-1").pair.hasLocalChanges))
        #expect(try manager.stateHash() == hash)
        #expect(try manager.store.read { try $0.eventCount() } == events)
        #expect(try manager.acknowledgeState(exceptTouchedBy: []) == 0, "nothing left to acknowledge")
    }
}
