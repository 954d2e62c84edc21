import DataCollectCore
import DataCollectIntegrity
import DataCollectSync
import DataCollectTestSupport
import Foundation
import Testing

/// How field staff set a device up: scan the tenant's QR code, download the public artifact it
/// names, and sync with nothing else but the account — the artifact gives the server's URL,
/// the tenant and the checkpoint key to pin. A real `datacollect serve` process, a real QR
/// code read back by zbarimg, and the real `datacollect sync` command.
@Suite("A device set up from the tenant's QR code", .serialized)
struct FieldDeviceOnboardingTests {
    @Test func scanningTheQRCodeGivesEverythingTheFirstSyncNeeds() async throws {
        let fixture = try SyncServerFixture()
        defer { fixture.remove() }
        let database = fixture.folder + "/server.sqlite"
        let device = try Device("device", in: fixture)
        try device.record((1...20).map { fieldEvent("onboard-\($0)", entity: "person-\($0)", minute: $0) })

        try await HTTPSyncTransport.withTransport(timeoutSeconds: 60) { transport in
            let port = try ServerKillTests.freePort()
            let server = RunningServer(url: "http://127.0.0.1:\(port)", transport: transport)
            let process = try await ServerKillTests.startServer(database: database, port: port, transport: transport,
                                                                arguments: ["--public-url", server.url + "/"])
            defer { kill(process.processIdentifier, SIGTERM); process.waitUntilExit() }
            try await server.setUp()
            let admin = try await server.login("admin@example.org")
            let app = try await server.call(.get, "/api/apps/alpha", token: admin)
            let artifactId = try #require(app.json?["artifactId"]?.stringValue)

            let picture = try await transport.send(SyncHTTPRequest(method: .get, url: server.url + "/artifacts/\(artifactId).png"))
            #expect(picture.status == 200)
            let scanned = try QRCodeReader.read(png: picture.body)
            #expect(scanned == "\(server.url)/artifacts/\(artifactId).json")
            let artifact = try await transport.send(SyncHTTPRequest(method: .get, url: scanned))
            #expect(artifact.status == 200)
            let configuration = try JSONParser.parse(artifact.body)
            #expect(configuration["syncServerUrl"]?.stringValue == server.url)
            #expect(configuration["checkpointKey"] == app.json?["checkpointKey"])
            let artifactFile = fixture.folder + "/artifact.json"
            try Data(artifact.body).write(to: URL(fileURLWithPath: artifactFile))
            let passwordFile = fixture.folder + "/password.txt"
            try Data((SyncServerFixture.password + "\n").utf8).write(to: URL(fileURLWithPath: passwordFile))

            let syncArguments = ["sync", "--db", fixture.devicesFolder + "/device.sqlite", "--app-config", artifactFile,
                                 "--email", SyncServerFixture.collectorEmail, "--password-file", passwordFile]
            let sync = try ChildProcess.run(DatacollectExecutable.path, syncArguments + ["--json"])
            #expect(sync.status == 0, "\(sync.error)")
            let report = try JSONParser.parse(Array(sync.output.utf8))
            #expect(report["push"]?["accepted"]?.numberValue?.intValue == 20)
            #expect(try device.status().unsyncedEvents == 0)

            // The key pinned is the artifact's: a server answering with another key is refused.
            let forged = try JSONParser.parse(configuration.canonicalString.replacingOccurrences(
                of: configuration["checkpointKey"]?.stringValue ?? "",
                with: try NoteSigner.generate(name: "datacollect-server/alpha/forged").verifierKey))
            try Data(forged.canonicalBytes).write(to: URL(fileURLWithPath: artifactFile))
            let refused = try ChildProcess.run(DatacollectExecutable.path, syncArguments)
            #expect(refused.status == 3, "\(refused.error)")
        }
    }
}
