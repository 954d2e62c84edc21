import DataCollectCore
import DataCollectGenerator
import DataCollectIntegrity
import DataCollectSQLite
import DataCollectSync
import DataCollectTestSupport
import Foundation
import Testing

/// A real `datacollect serve` process killed with SIGKILL while a device pushes to it, then
/// started again on the same files: the device's retry lands every event exactly once.
@Suite("A server killed in the middle of a push", .serialized)
struct ServerKillTests {
    /// A loopback port nobody listens on now (the kernel's pick for an ephemeral bind).
    static func freePort() throws -> Int {
        let socket = Foundation.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(socket) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { generic in
                bind(socket, generic, length) == 0 && getsockname(socket, generic, &length) == 0
            }
        }
        guard bound else { throw ServerProcessError.noPort }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    enum ServerProcessError: Error { case noPort, didNotStart(String) }

    /// Starts `datacollect serve` on `port` over `database` and waits until `/health` answers.
    static func startServer(database: String, port: Int, transport: HTTPSyncTransport,
                            arguments extra: [String] = []) async throws -> Process {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: DatacollectExecutable.path)
        process.arguments = ["serve", "--sqlite", database, "--port", String(port)] + extra
        var environment = ProcessInfo.processInfo.environment
        environment["DATACOLLECT_JWT_SECRET"] = String(decoding: SyncServerFixture.secret, as: UTF8.self)
        environment["DATACOLLECT_ADMIN_EMAIL"] = "admin@example.org"
        environment["DATACOLLECT_ADMIN_PASSWORD"] = SyncServerFixture.password
        process.environment = environment
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        let deadline = Date().addingTimeInterval(120)
        while Date() < deadline, process.isRunning {
            let health = try? await transport.send(SyncHTTPRequest(method: .get, url: "http://127.0.0.1:\(port)/health"))
            if health?.status == 200 { return process }
            try await Task.sleep(for: .milliseconds(100))
        }
        process.terminate()
        throw ServerProcessError.didNotStart("datacollect serve did not answer /health on port \(port)")
    }

    static func eventCount(_ path: String) -> Int {
        guard FileManager.default.fileExists(atPath: path), let store = try? SQLiteStore(path: path) else { return 0 }
        return (try? store.read { try $0.eventCount() }) ?? 0
    }

    @Test func aPushInterruptedByKillingTheServerLandsExactlyOnceAfterARestart() async throws {
        let fixture = try SyncServerFixture()  // for its folders only: the server here is a real process
        defer { fixture.remove() }
        let database = fixture.folder + "/server.sqlite"
        let tenantStore = database + ".tenants/alpha.sqlite"
        let events = EventGenerator(households: 800, seed: 29).generate().events
        let device = try Device("device", in: fixture)
        try device.record(events)

        try await HTTPSyncTransport.withTransport(timeoutSeconds: 60) { transport in
            let port = try Self.freePort()
            let server = RunningServer(url: "http://127.0.0.1:\(port)", transport: transport)
            var process = try await Self.startServer(database: database, port: port, transport: transport)
            defer { if process.isRunning { kill(process.processIdentifier, SIGKILL) } }
            try await server.setUp()

            // Push in batches of 500; kill the server once some batches landed, mid-way.
            let push = Task { try await device.sync(server) { $0.pushBatchSize = 500 } }
            let deadline = Date().addingTimeInterval(120)
            while Self.eventCount(tenantStore) < 1_000, Date() < deadline { try await Task.sleep(for: .milliseconds(20)) }
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            #expect(process.terminationReason == .uncaughtSignal)
            let landedBeforeKill = Self.eventCount(tenantStore)
            #expect(landedBeforeKill >= 1_000 && landedBeforeKill < events.count, "killed mid-push")
            await #expect(throws: SyncError.self) { try await push.value }
            #expect(try device.status().unsyncedEvents > 0)

            process = try await Self.startServer(database: database, port: port, transport: transport)
            let report = try await device.sync(server) { $0.pushBatchSize = 500 }
            #expect(report.push.accepted + report.push.duplicates == report.push.pushed)
            #expect(report.push.rejected == 0 && report.push.conflicts == 0)
            #expect(try device.status().unsyncedEvents == 0)
            kill(process.processIdentifier, SIGTERM)
            process.waitUntilExit()
        }
        let serverManager = EntityDataManager(store: try SQLiteStore(path: tenantStore))
        #expect(Self.eventCount(tenantStore) == events.count, "every event exactly once")
        let integrity = try IntegrityVerifier().verify(serverManager.store)
        #expect(integrity.isIntact)
        #expect(integrity.logs.first { $0.log == .events }?.size == UInt64(events.count))
        #expect(try serverManager.stateHash() == device.stateHash())
    }
}
