import DataCollectCore
import DataCollectSQL
@testable import DataCollectSQLite
import Testing

/// The connection keeps the statements of row iterations for the next iteration of the same
/// query: these pin that a kept statement starts afresh, that a nested iteration of the same
/// query gets its own, and that no iteration keeps the database read-locked once it has ended.
@Suite("SQLite connection: kept iteration statements")
struct SQLiteConnectionTests {
    static func numbers() throws -> (SQLiteConnection, String) {
        let path = SQLiteStoreTests.path()
        let connection = try SQLiteConnection(path: path)
        try connection.execute("""
            PRAGMA journal_mode = WAL;
            CREATE TABLE numbers (n INTEGER PRIMARY KEY);
            INSERT INTO numbers (n) VALUES (1), (2), (3);
            """)
        return (connection, path)
    }

    static let everyNumber = "SELECT n FROM numbers WHERE n >= ? ORDER BY n"

    static func collect(_ connection: SQLiteConnection, from first: Int64 = 1) throws -> [Int64] {
        var seen: [Int64] = []
        try connection.forEachRow(everyNumber, [.integer(first)]) { seen.append($0.int(0)) }
        return seen
    }

    @Test func aKeptStatementIteratesAfreshWithItsNewBindings() throws {
        let (connection, _) = try Self.numbers()
        #expect(try Self.collect(connection) == [1, 2, 3])
        #expect(try Self.collect(connection, from: 2) == [2, 3])
        #expect(try Self.collect(connection) == [1, 2, 3])
    }

    @Test func theSameQueryNestedInItsOwnIterationRunsOnItsOwnStatement() throws {
        let (connection, _) = try Self.numbers()
        var pairs: [[Int64]] = []
        try connection.forEachRow(Self.everyNumber, [.integer(1)]) { outer in
            let n = outer.int(0)
            pairs.append([n] + (try Self.collect(connection, from: n)))
        }
        #expect(pairs == [[1, 1, 2, 3], [2, 2, 3], [3, 3]])
        #expect(try Self.collect(connection) == [1, 2, 3])
    }

    struct Stop: Error {}

    @Test func anIterationStoppedByAnErrorLeavesNoReadLockAndStartsAfreshNextTime() throws {
        let (connection, path) = try Self.numbers()
        #expect(throws: Stop.self) {
            try connection.forEachRow(Self.everyNumber, [.integer(1)]) { _ in throw Stop() }
        }
        // Another connection writes; a checkpoint that truncates the log succeeds only if no
        // reader holds a snapshot (busy = 0).
        let writer = try SQLiteConnection(path: path)
        try writer.execute("INSERT INTO numbers (n) VALUES (4)")
        let busy = try writer.query("PRAGMA wal_checkpoint(TRUNCATE)") { $0.int(0) }
        #expect(busy == [0])
        #expect(try Self.collect(connection) == [1, 2, 3, 4])
    }
}

@Suite("SQLite store: a scan's small page cache")
struct SQLiteScanTests {
    @Test func aScanReadsWithTheSmallCacheAndGivesTheStoresCacheBackEvenAfterAnError() throws {
        let store = try SQLiteStore(path: SQLiteStoreTests.path())
        try EntityDataManager(store: store).submit([SQLiteStoreTests.create("e1", "Amina")])
        #expect(try store.pageCacheSetting() == -65536)
        let seen = try store.scan { try $0.eventCount() }
        #expect(seen == 1)
        #expect(try store.pageCacheSetting() == -65536)
        struct Stop: Error {}
        #expect(throws: Stop.self) { try store.scan { _ in throw Stop() } }
        #expect(try store.pageCacheSetting() == -65536)
        #expect(try IntegrityVerifier().verify(store).isIntact)
        #expect(try store.pageCacheSetting() == -65536)
    }
}
