import DataCollectTestSupport
import Foundation
import Testing

/// The throwaway PostgreSQL cluster the tests start themselves works: one per process, fresh
/// databases on demand, and they answer queries.
@Suite("PostgresCluster test harness")
struct PostgresClusterTests {
    @Test("shared() starts one cluster per process")
    func sharedIsOneCluster() throws {
        let first = try PostgresCluster.shared()
        let second = try PostgresCluster.shared()
        #expect(first.port == second.port)
        #expect(first.port > 0)
        #expect(first.host == "127.0.0.1")
        #expect(first.user == "datacollect")
    }

    @Test("createDatabase() gives a fresh, distinct name each time")
    func databasesAreDistinct() throws {
        let cluster = try PostgresCluster.shared()
        let first = try cluster.createDatabase()
        let second = try cluster.createDatabase()
        #expect(first != second)
        for name in [first, second] {
            #expect(name.count == 18)
            #expect(name.hasPrefix("t_"))
            #expect(name.dropFirst(2).allSatisfy { "0123456789abcdef".contains($0) })
        }
    }

    @Test("psql -c \"SELECT 1\" succeeds on a created database")
    func createdDatabaseAnswers() throws {
        let cluster = try PostgresCluster.shared()
        let database = try cluster.createDatabase()
        let output = try PostgresCluster.runChecked([
            cluster.binaries.psql, "-X", "-At", "-h", cluster.host, "-p", String(cluster.port), "-U", cluster.user,
            "-d", database, "-v", "ON_ERROR_STOP=1", "-c", "SELECT 1",
        ], in: cluster.directory)
        #expect(output.trimmingCharacters(in: .whitespacesAndNewlines) == "1")
        #expect(try cluster.psql(database: database, command: "SELECT current_database()") == database)
        #expect(try cluster.psql(database: database, command: "SHOW server_encoding") == "UTF8")
    }
}
