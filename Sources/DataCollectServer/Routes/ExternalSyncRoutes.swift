import AsyncHTTPClient
import DataCollectCore
import DataCollectExternalSync
import DataCollectIntegrity
import Hummingbird
import HTTPTypes

/// `POST /api/sync/external`: runs the tenant's external sync (its app configuration's
/// `externalSync`) once and answers the report. Admins holding the tenant only.
///
/// Body: `{configId, credentials?: {username, password}}` (`configId` may also be a query
/// parameter). Credentials are used for this run only, never stored, logged or echoed.
/// A failure of the external system answers 502 `EXTERNAL_SYNC_FAILED`; a configuration that
/// cannot run answers 422 with the configuration error's code. Every run, failed or not, is
/// recorded in the tenant's audit trail with its counts.
struct ExternalSyncRoutes {
    let services: ServerServices
    /// The adapters this server can build, given the run's HTTP client (tests swap in theirs).
    var registry: @Sendable (HTTPClient) -> ExternalSyncAdapterRegistry = { .builtIn(httpClient: $0) }

    func register(on group: RouterGroup<ServerRequestContext>) {
        group.post("/api/sync/external") { request, context in try await synchronize(request, context: context) }
    }

    private func synchronize(_ request: Request, context: ServerRequestContext) async throws -> Response {
        let identity = try context.requireIdentity()
        let body = try await services.body.json(of: request)
        let tenant = try await services.tenant(body["configId"]?.stringValue ?? request.query("configId"), for: identity)
        try identity.require(.admin, for: "run an external sync")
        let credentials = try Self.credentials(body["credentials"])
        let directory = services.directory, id = tenant.id
        guard let record = try await blocking({ try directory.tenant(id: id) }) else {
            throw APIError.notFound("There is no tenant with this id.", field: "configId")
        }
        let manager = tenant.manager, actor = identity.auditActor, registry = self.registry
        let report: ExternalSyncReport
        do {
            let config = try ExternalSyncConfig(appConfiguration: record.configuration)
            report = try await WebhookAdapter.withHTTPClient { client in
                let adapter = try registry(client).adapter(for: config)
                return try await ExternalSyncManager(manager: manager, adapter: adapter).synchronize(credentials: credentials)
            }
        } catch let error as ExternalSyncError {
            try await blocking {
                try manager.recordAccess(action: "external-sync", actor: actor, entityGuid: "",
                                         details: ["outcome": "failed", "code": .string(error.code.rawValue)], at: .now())
            }
            throw Self.apiError(error)
        }
        try await blocking {
            try manager.recordAccess(action: "external-sync", actor: actor, entityGuid: "", details: report.counts, at: .now())
        }
        return .json(report.jsonValue)
    }

    /// `{username, password}`, both strings, or nothing.
    static func credentials(_ value: JSONValue?) throws -> ExternalSyncCredentials? {
        guard let value, !value.isNull else { return nil }
        guard let username = value["username"]?.stringValue, let password = value["password"]?.stringValue else {
            throw APIError(.unprocessableContent, code: "INVALID_REQUEST",
                           message: "credentials must be {username, password}, both strings.", field: "credentials")
        }
        return ExternalSyncCredentials(username: username, password: password)
    }

    /// 502 when the external system failed, 422 when the configuration cannot run.
    static func apiError(_ error: ExternalSyncError) -> APIError {
        if error.isExternalFailure {
            return APIError(.badGateway, code: "EXTERNAL_SYNC_FAILED", message: "External sync failed: \(error.message)")
        }
        return APIError(.unprocessableContent, code: error.code.rawValue, message: error.message, field: error.field)
    }
}
