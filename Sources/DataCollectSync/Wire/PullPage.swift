import DataCollectIntegrity

/// One page of `GET /api/v2/sync/pull`: sealed records, still unverified. The page's
/// `hasMore` and `logSize` are not used: the signed checkpoint says how many events there are.
struct PullPage: Sendable, Hashable {
    /// The records as sent; ``PulledEventVerification`` parses and checks each one.
    var records: [JSONValue]

    init(json: JSONValue, route: String) throws {
        guard let records = json["events"]?.arrayValue else {
            throw SyncError.invalidResponse(route: route, reason: "events is missing")
        }
        self.records = records
    }
}
