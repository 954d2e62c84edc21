import DataCollectCore
import DataCollectIntegrity
import Testing

@Suite("One search language for every store", .serialized)
struct SearchTests {
    func people(_ kind: StoreKind) throws -> EntityDataManager {
        let manager = try kind.makeManager()
        try manager.submitAll(
            event("e1", "john", "create-individual", ["name": "John Doe", "age": 30, "email": "john.doe@example.com",
                                                      "address": ["city": "Kalamba"], "score": 85.5], at: 0),
            event("e2", "jane", "create-individual", ["name": "Jane Smith", "age": 40, "email": "jane.smith@test.com",
                                                      "address": ["city": "Nyota"], "score": 92.3], at: 1),
            event("e3", "fam", "create-group", ["name": "Family Group"], at: 2),
            event("e4", "obrien", "create-individual", ["name": "Seán O'Brien", "age": 25, "note": "100% ; DROP TABLE entities; --"], at: 3))
        return manager
    }

    func guids(_ manager: EntityDataManager, _ criteria: JSONValue) throws -> [String] {
        try manager.search(SearchCriteria(json: criteria)).map(\.guid)
    }

    @Test("T15 and the PostgreSQL adapter's scenarios give one answer", arguments: StoreKind.allCases)
    func scenarios(kind: StoreKind) throws {
        let manager = try people(kind)
        #expect(try guids(manager, [["name": "John Doe"]]) == ["john"])
        #expect(try guids(manager, [["name": "john doe"]]) == ["john"], "plain strings ignore case")
        #expect(try guids(manager, [["age": ["$gt": 35]]]) == ["jane"])
        #expect(try guids(manager, [["age": ["$gte": 30]]]) == ["jane", "john"])
        #expect(try guids(manager, [["type": "group"]]) == ["fam"])
        #expect(try guids(manager, [["email": ["$regex": "@example.com$"]]]) == ["john"])
        #expect(try guids(manager, [["name": ["$regex": "smith"]], ["age": ["$lt": 45]]]) == ["jane"])
        #expect(try guids(manager, [["score": ["$gt": 80]]]) == ["jane", "john"])
        #expect(try guids(manager, [["age": 25]]) == ["obrien"])
        #expect(try guids(manager, [["address.city": "nyota"]]) == ["jane"], "dotted paths navigate nested objects")
        #expect(try guids(manager, [["data.address.city": ["$eq": "Kalamba"]]]) == ["john"])
        #expect(try guids(manager, [["age": ["$in": [25, 40]]]]) == ["jane", "obrien"])
        #expect(try guids(manager, [["age": ["$ne": 30]], ["type": "individual"]]) == ["jane", "obrien"])
        #expect(try guids(manager, [["name": ["$contains": "o'bri"]]]) == ["obrien"])
        #expect(try guids(manager, []) == ["fam", "jane", "john", "obrien"], "no clauses: everything")
    }

    @Test("quotes, %, ; and regex metacharacters are data, not code", arguments: StoreKind.allCases)
    func injection(kind: StoreKind) throws {
        let manager = try people(kind)
        #expect(try guids(manager, [["name": "Seán O'Brien"]]) == ["obrien"])
        #expect(try guids(manager, [["note": "100% ; DROP TABLE entities; --"]]) == ["obrien"])
        #expect(try guids(manager, [["name": "%"]]).isEmpty)
        #expect(try guids(manager, [["name' OR '1'='1": "x"]]).isEmpty)
        #expect(try guids(manager, [["name": ["$regex": "O'Brien"]]]) == ["obrien"])
        #expect(try guids(manager, [["note": ["$regex": "100% ; DROP"]]]) == ["obrien"])
        #expect(try manager.allEntities().count == 4, "nothing was dropped")
    }

    @Test("malformed criteria are rejected with a clear error")
    func malformed() {
        let bad: [JSONValue] = [
            ["name": "x"],
            [["name": "x", "age": 1]],
            [["name": ["$like": "x"]]],
            [["name": ["$regex": "(unclosed"]]],
            [["name": ["$regex": .string(String(repeating: "a", count: 300))]]],
            [["age": ["$in": 5]]],
            [["": "x"]],
            [["a..b": "x"]],
        ]
        for criteria in bad {
            #expect(throws: DataCollectError.self) { try SearchCriteria(json: criteria) }
        }
    }
}
