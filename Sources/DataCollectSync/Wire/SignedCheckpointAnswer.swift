import DataCollectIntegrity

/// `POST /api/v2/checkpoints`: the key the server says it signs with, and its newest
/// checkpoint of the events log. Nothing here is trusted until ``CheckpointVerification`` has
/// checked the note's signature against the pinned key; only the signed note's own size and
/// root are used afterwards.
struct SignedCheckpointAnswer: Sendable, Hashable {
    var verifierKey: String
    var note: String

    init(json: JSONValue, route: String) throws {
        guard let verifierKey = json["verifierKey"]?.stringValue, let note = json["checkpoint"]?["note"]?.stringValue else {
            throw SyncError.invalidResponse(route: route, reason: "verifierKey or checkpoint.note is missing")
        }
        self.verifierKey = verifierKey
        self.note = note
    }
}
