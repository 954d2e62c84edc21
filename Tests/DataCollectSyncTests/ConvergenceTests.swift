import DataCollectCore
import DataCollectIntegrity
import DataCollectSync
import Testing

@Suite("Devices editing the same households offline converge")
struct ConvergenceTests {
    private enum Step: CaseIterable { case sync, pushOnly, pullOnly }

    /// Four devices edit five shared people offline over several rounds (creates and updates
    /// with scattered timestamps, so late events arrive and earlier state is re-folded). Each
    /// round a random subset syncs, in random order, some at the same time, some only pushing
    /// or only pulling. In the end every device holds exactly the server's state.
    @Test(arguments: [7, 42] as [UInt64])
    func everyDeviceEndsWithTheServersStateHash(seed: UInt64) async throws {
        let fixture = try SyncServerFixture()
        defer { fixture.remove() }
        try await fixture.run { server in
            var random = SeededGenerator(seed: seed)
            let devices = try (0 ..< 4).map { try Device("device-\($0)", in: fixture) }
            let people = (1 ... 5).map { "person-\($0)" }
            let names = ["Person A", "Person B", "Person C", "Person D"]
            let villages = ["North", "South", "East", "West"]
            var recorded = 0

            for round in 0 ..< 5 {
                for (number, device) in devices.enumerated() {
                    let edits = (0 ..< Int.random(in: 1 ... 4, using: &random)).map { edit in
                        var data: [String: JSONValue] = [:]
                        if Bool.random(using: &random) { data["name"] = .string(names.randomElement(using: &random)!) }
                        if Bool.random(using: &random) { data["village"] = .string(villages.randomElement(using: &random)!) }
                        data["visits"] = .number(JSONNumber(Int.random(in: 0 ... 9, using: &random)))
                        return fieldEvent("d\(number)-r\(round)-e\(edit)", entity: people.randomElement(using: &random)!,
                                          type: Int.random(in: 0 ..< 3, using: &random) == 0 ? "create-individual" : "update-individual",
                                          data: data, minute: Int.random(in: 0 ..< 600, using: &random), user: "collector-\(number)")
                    }
                    try device.record(edits)
                    recorded += edits.count
                }
                let chosen = Array(devices.shuffled(using: &random).prefix(Int.random(in: 1 ... devices.count, using: &random)))
                let steps = chosen.map { _ in Step.allCases.randomElement(using: &random)! }
                let together = Int.random(in: 0 ... chosen.count, using: &random)
                // The first `together` devices sync at the same time, the others one after another.
                try await withThrowingTaskGroup(of: Void.self) { group in
                    for index in 0 ..< together {
                        let device = chosen[index], step = steps[index]
                        group.addTask { try await Self.run(step, device, server) }
                    }
                    try await group.waitForAll()
                }
                for index in together ..< chosen.count {
                    try await Self.run(steps[index], chosen[index], server)
                }
            }
            // Everyone syncs twice: the second pass brings what later devices pushed in the first.
            for _ in 0 ..< 2 {
                for device in devices { try await device.sync(server) }
            }

            let serverManager = try fixture.tenantManager()
            let serverHash = try serverManager.stateHash()
            #expect(try serverManager.store.read { try $0.eventCount() } == recorded)
            for device in devices {
                #expect(try device.stateHash() == serverHash, "\(device.name)")
                #expect(try device.eventCount() == recorded, "\(device.name)")
                let status = try device.status()
                #expect(status.unsyncedEvents == 0 && status.rejections.isEmpty, "\(device.name)")
            }
        }
    }

    private static func run(_ step: Step, _ device: Device, _ server: RunningServer) async throws {
        let syncer = try device.syncer(server)
        switch step {
        case .sync: _ = try await syncer.sync()
        case .pushOnly: _ = try await syncer.push()
        case .pullOnly: _ = try await syncer.pull()
        }
    }
}
