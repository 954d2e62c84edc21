public import AsyncHTTPClient
public import DataCollectCore
import DataCollectIntegrity

/// `openspp` (also `openspp-adapter`, the existing system's name): OpenSPP's registry, through
/// Odoo's JSON-RPC API (`POST <url>/jsonrpc`; see ``OdooJSONRPC``).
///
/// **Configuration**: `{"type": "openspp", "url": "https://openspp.example.org",
/// "extraFields": [{"name": "database", "value": "openspp"}, {"name": "username", …},
/// {"name": "password", …}, {"name": "pageSize", "value": "100"}]}`. `database` is required;
/// credentials given for the run replace the configured username and password.
///
/// **Push** (in log order; fields as ``OpenSPPMapping`` says). Every registrant carries
/// `ref = datacollect:<entity guid>`, and is looked up by it before anything is written, so a
/// push repeated after an interruption updates what the first one created instead of creating
/// it twice (the existing adapter wrote no reference and duplicated on every retry):
/// - `create-group`, `update-group`, `create-individual`, `update-individual`: the registrant is
///   created or updated; a group's `members` are created or updated and linked to it
///   (`group_membership_ids`), once;
/// - `add-member`: the members are linked; `remove-member`: the membership gets `ended_date`;
/// - `household-exited`: the household gets `disabled` (the exit date) and `disabled_reason`;
///   `delete-entity`: the registrant is disabled, never deleted (OpenSPP keeps its history);
/// - `resolve-duplicate` and `policy-anonymize` have no counterpart in OpenSPP and are not sent.
///
/// **Pull**: registrants (`is_registrant`) changed after the cursor, oldest change first
/// (`write_date`, then `id`, so registrants changed in the same second are never skipped at a
/// page boundary), `pageSize` at a time. Each becomes a `create-group` or `create-individual`
/// record (merged into the entity when it exists) on its `datacollect:` guid, or on
/// `openspp-<id>` for registrants created in OpenSPP; a disabled household also yields a
/// `household-exited`. The cursor is `<write_date>|<id>` of the page's last registrant.
public struct OpenSPPAdapter: ExternalSyncAdapter {
    public static let type = "openspp"
    public static let legacyType = "openspp-adapter"
    public let type: String
    let rpc: OdooJSONRPC
    let username: String?
    let password: String?
    public var pageSize = 100

    public init(configuration: ExternalSyncConfig, client: HTTPClient) throws(ExternalSyncError) {
        type = configuration.type
        guard let database = configuration.extraField("database"), !database.isEmpty else {
            throw ExternalSyncError(.invalidConfiguration, field: "externalSync.extraFields",
                                    message: "The OpenSPP adapter needs the Odoo database name (extra field database).")
        }
        let base = try ExternalHTTPExchange.baseURL(configuration.url, adapter: "OpenSPP")
        rpc = OdooJSONRPC(http: ExternalHTTPExchange(systemName: "OpenSPP", baseURL: base, client: client), database: database)
        username = configuration.extraField("username")
        password = configuration.extraField("password")
        if let text = configuration.extraField("pageSize") {
            guard let size = Int(text), (1...1_000).contains(size) else {
                throw ExternalSyncError(.invalidConfiguration, field: "externalSync.extraFields",
                                        message: "The OpenSPP extra field pageSize must be a whole number from 1 to 1000.")
            }
            pageSize = size
        }
    }

    public func authenticate(_ credentials: ExternalSyncCredentials?) async throws -> ExternalSyncSession {
        guard let user = credentials?.username ?? username, !user.isEmpty,
              let secret = credentials?.password ?? password, !secret.isEmpty
        else {
            throw ExternalSyncError(.authenticationFailed, field: "externalSync.extraFields",
                                    message: "The OpenSPP adapter needs a username and password (extra fields, or credentials for the run).")
        }
        guard let uid = try await rpc.authenticate(username: user, password: secret) else {
            throw ExternalSyncError(.authenticationFailed, message: "OpenSPP refused the username and password.")
        }
        return ExternalSyncSession(parameters: ["uid": String(uid), "password": secret])
    }

    public func push(_ events: [Event], session: ExternalSyncSession) async throws {
        var push = OpenSPPPush(rpc: rpc, session: session)
        try await push.loadPartners(named: events)
        for event in events { try await push.send(event) }
    }

    public func pull(after cursor: String?, session: ExternalSyncSession) async throws -> ExternalRecordPage {
        var domain: [JSONValue] = [["is_registrant", "=", true]]
        if let cursor {
            let parts = cursor.split(separator: "|", maxSplits: 1).map(String.init)
            guard parts.count == 2, let lastId = Int(parts[1]) else {
                throw ExternalSyncError(.invalidResponse, field: "cursor",
                                        message: "The stored OpenSPP pull cursor is not <write_date>|<id>; reset it to pull from the start.")
            }
            let date = JSONValue.string(parts[0])
            domain += ["|", ["write_date", ">", date], "&", ["write_date", "=", date], ["id", ">", .number(JSONNumber(lastId))]]
        }
        let answer = try await rpc.execute("res.partner", "search_read", [.array(domain)], [
            "fields": .array(OpenSPPMapping.pulledFields.map(JSONValue.string)), "order": "write_date asc, id asc",
            "limit": .number(JSONNumber(pageSize)),
        ], session: session)
        guard let partners = answer.arrayValue else {
            throw ExternalSyncError(.invalidResponse, message: "OpenSPP's res.partner.search_read did not answer a list.")
        }
        guard let last = partners.last else { return ExternalRecordPage(records: [], nextCursor: cursor) }
        guard let writeDate = last["write_date"]?.stringValue, let id = last["id"]?.numberValue?.intValue else {
            throw ExternalSyncError(.invalidResponse, field: "write_date",
                                    message: "An OpenSPP registrant came without its id or write_date, so the pull cannot continue after it.")
        }
        return ExternalRecordPage(records: partners.flatMap(OpenSPPMapping.records), nextCursor: "\(writeDate)|\(id)")
    }
}
