import DataCollectIntegrity

/// The server's answer to one push: what became of each event, by its index in the batch.
struct PushAnswer: Sendable, Hashable {
    enum Result: String, Sendable, Hashable {
        case accepted, duplicate, conflict, rejected
    }

    struct Item: Sendable, Hashable {
        var index: Int
        var guid: String?
        var result: Result
        var errorCode: String?
        var errorMessage: String?
        var errorField: String?
    }

    var items: [Item]

    init(json: JSONValue, route: String) throws {
        guard let results = json["results"]?.arrayValue else {
            throw SyncError.invalidResponse(route: route, reason: "results is missing")
        }
        items = try results.map { result in
            guard let index = result["index"]?.numberValue?.intValue,
                  let outcome = result["result"]?.stringValue.flatMap(Result.init(rawValue:))
            else { throw SyncError.invalidResponse(route: route, reason: "a result has no index or no known outcome") }
            let error = result["error"]
            return Item(index: index, guid: result["guid"]?.stringValue, result: outcome,
                        errorCode: error?["code"]?.stringValue, errorMessage: error?["message"]?.stringValue,
                        errorField: error?["field"]?.stringValue)
        }
    }

    /// The items in batch order, provided there is exactly one per event sent and each names
    /// the guid that was sent at its index; anything else leaves the batch unanswered.
    func itemsMatching(guids: [String], route: String) throws -> [Item] {
        let ordered = items.sorted { $0.index < $1.index }
        guard ordered.map(\.index) == Array(guids.indices) else {
            throw SyncError.invalidResponse(route: route, reason: "the results do not answer each event of the batch exactly once")
        }
        for item in ordered where item.guid != nil && item.guid != guids[item.index] {
            throw SyncError.invalidResponse(route: route, reason: "result \(item.index) names another event than the one sent")
        }
        return ordered
    }
}
