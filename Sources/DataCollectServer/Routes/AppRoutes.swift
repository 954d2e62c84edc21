import DataCollectCore
import DataCollectIntegrity
import Foundation
import Hummingbird
import HTTPTypes

/// `/api/apps`: tenants (the existing system's app configurations). Admins create and change
/// them and read them whole; everyone else sees them without secrets. Like every route, these
/// reach only the tenants the caller holds: an admin who creates a tenant holds it from then on.
struct AppRoutes {
    let services: ServerServices

    func register(on group: RouterGroup<ServerRequestContext>) {
        group.get("/api/apps") { request, context in try await list(request, context: context) }
        group.get("/api/apps/:id") { _, context in try await show(context) }
        group.post("/api/apps") { request, context in try await save(request, context: context, urlId: nil) }
        group.put("/api/apps/:id") { request, context in
            try await save(request, context: context, urlId: try context.parameters.require("id"))
        }
        group.delete("/api/apps/:id") { _, context in try await delete(context) }
    }

    private func list(_ request: Request, context: ServerRequestContext) async throws -> Response {
        let identity = try context.requireIdentity()
        let directory = services.directory
        let visible = try await blocking { try directory.tenants() }
            .filter { identity.tenants.contains($0.id) }
        let search = request.query("search")?.trimmingCharacters(in: .whitespaces).lowercased() ?? ""
        let matching = visible.filter { tenant in
            search.isEmpty || [tenant.id, tenant.name, tenant.version].contains { $0.lowercased().contains(search) }
        }
        let pageSize = min(max(try request.integerQuery("pageSize") ?? 12, 1), 100)
        let totalPages = max(1, (matching.count + pageSize - 1) / pageSize)
        let page = min(max(try request.integerQuery("page") ?? 1, 1), totalPages)
        let descending = request.query("sortOrder") == "desc"
        let sorted = matching.sorted { a, b in
            let ordered = request.query("sortBy") == "id" ? a.id.lowercased() < b.id.lowercased() : a.name.lowercased() < b.name.lowercased()
            return descending ? !ordered : ordered
        }
        let slice = sorted.dropFirst((page - 1) * pageSize).prefix(pageSize)
        return .json([
            "data": .array(slice.map { Self.summary($0) }),
            "meta": [
                "total": .number(JSONNumber(matching.count)), "page": .number(JSONNumber(page)),
                "pageSize": .number(JSONNumber(pageSize)), "totalPages": .number(JSONNumber(totalPages)),
                "search": .string(search),
            ],
        ])
    }

    private func show(_ context: ServerRequestContext) async throws -> Response {
        let identity = try context.requireIdentity()
        let id = try context.parameters.require("id")
        guard TenantRecord.isValidID(id) else { throw APIError.badRequest("This is not a tenant id.", field: "id") }
        try identity.require(tenant: id)
        let directory = services.directory
        guard let tenant = try await blocking({ try directory.tenant(id: id) }) else {
            throw APIError.notFound("There is no tenant with this id.", field: "id")
        }
        let checkpointKey = try await services.tenants.handle(id).signer.verifierKey
        return .json(identity.role == .admin ? Self.full(tenant, checkpointKey: checkpointKey)
            : Self.clientSafe(tenant, checkpointKey: checkpointKey))
    }

    /// Creates (POST) or replaces (PUT) a tenant from a JSON app configuration, or from the
    /// existing admin app's multipart upload (file field `config`).
    private func save(_ request: Request, context: ServerRequestContext, urlId: String?) async throws -> Response {
        let identity = try context.requireIdentity()
        try identity.require(.admin, for: "create or change tenants")
        let configuration = try await uploadedConfiguration(request)
        guard let object = configuration.objectValue else {
            throw APIError(.unprocessableContent, code: "INVALID_CONFIG", message: "An app configuration is a JSON object.")
        }
        guard let id = object["id"]?.stringValue, TenantRecord.isValidID(id) else {
            throw APIError(.unprocessableContent, code: "INVALID_CONFIG",
                           message: "id must start with a letter or digit and hold only letters, digits, '-' and '_' (at most 64).",
                           field: "id")
        }
        guard let name = object["name"]?.stringValue, !name.isEmpty else {
            throw APIError(.unprocessableContent, code: "INVALID_CONFIG", message: "name is required.", field: "name")
        }
        if let urlId, urlId != id {
            throw APIError.badRequest("The id in the configuration is not the id in the URL.", field: "id")
        }
        let directory = services.directory
        let existing = try await blocking { try directory.tenant(id: id) }
        // Replacing a tenant needs access to it; a new id is free to take.
        if existing != nil || urlId != nil { try identity.require(tenant: id) }
        if urlId != nil, existing == nil { throw APIError.notFound("There is no tenant with this id.", field: "id") }
        let now = EventTimestamp.now()
        // A re-upload (POST) gets a new artifact id, as in the existing system; PUT keeps it.
        let artifactId = urlId != nil ? existing?.artifactId ?? Self.newArtifactId() : Self.newArtifactId()
        let record = TenantRecord(id: id, name: name, artifactId: artifactId, configuration: configuration,
                                  createdAt: existing?.createdAt ?? now, updatedAt: now)
        let creator = identity.userId
        try await blocking {
            try directory.saveTenant(record)
            if existing == nil, var account = try directory.user(id: creator) {
                account.tenants = Array(Set(account.tenants + [id])).sorted()
                _ = try directory.updateUser(account)
            }
        }
        let checkpointKey = try await services.tenants.handle(id).signer.verifierKey
        return .json(["status": "success", "id": .string(id), "artifactId": .string(artifactId),
                      "checkpointKey": .string(checkpointKey)],
                     status: existing == nil ? .created : .ok)
    }

    /// Deletes a tenant that holds no events — admins only, unlike the existing system, where
    /// any signed-in user could irreversibly wipe a tenant's whole log. A tenant with events
    /// gets 409: its data leaves through retention policies, which keep the log verifiable.
    /// The check and the removal from the directory run inside one write transaction of the
    /// tenant's store, so a push either lands first (and the answer is 409) or finds no
    /// tenant. The store and the signing key stay on disk, empty but for the audit entry that
    /// records the deletion: a push that held the tenant's handle in that instant is kept,
    /// not lost, and a tenant created again with this id continues the same verifiable log.
    /// Every account loses the id, so re-creating it grants no one the old access.
    private func delete(_ context: ServerRequestContext) async throws -> Response {
        let identity = try context.requireIdentity()
        try identity.require(.admin, for: "delete tenants")
        let id = try context.parameters.require("id")
        guard TenantRecord.isValidID(id) else { throw APIError.badRequest("This is not a tenant id.", field: "id") }
        try identity.require(tenant: id)
        let directory = services.directory
        guard try await blocking({ try directory.tenant(id: id) }) != nil else {
            throw APIError.notFound("There is no tenant with this id.", field: "id")
        }
        let handle = try await services.tenants.handle(id)
        let actor = identity.auditActor
        let held = try await blocking { () throws -> Int in
            let manager = handle.manager
            let events = try manager.store.write { transaction -> Int in
                let count = try transaction.eventCount()
                if count == 0 { _ = try directory.deleteTenant(id: id) }
                return count
            }
            guard events == 0 else { return events }
            try manager.recordAccess(action: "tenant-deleted", actor: actor, entityGuid: "", details: ["tenant": .string(id)],
                                     at: .now())
            for var account in try directory.users() where account.tenants.contains(id) {
                account.tenants.removeAll { $0 == id }
                _ = try directory.updateUser(account)
            }
            return 0
        }
        guard held == 0 else {
            throw APIError(.conflict, code: "TENANT_HOLDS_EVENTS", message: """
                This tenant holds \(held) events and cannot be deleted: its personal data leaves through \
                retention policies (datacollect retention), which keep the log verifiable.
                """, field: "id")
        }
        await services.tenants.forget(id)
        return .json(["status": "success", "id": .string(id)])
    }

    private func uploadedConfiguration(_ request: Request) async throws -> JSONValue {
        let type = request.headers[.contentType]?.lowercased() ?? ""
        guard type.hasPrefix("multipart/form-data") else { return try await services.body.json(of: request) }
        let bytes = try await services.body.bytes(of: request)
        guard let part = try MultipartForm(contentType: request.headers[.contentType] ?? "", body: bytes).part(named: "config") else {
            throw APIError.badRequest("No JSON file uploaded: the form needs a file field named config.", field: "config")
        }
        return try services.body.parse(part)
    }

    private static func newArtifactId() -> String {
        (0..<16).map { _ in String(format: "%02x", UInt8.random(in: 0...255)) }.joined()
    }

    // MARK: Shapes

    static func summary(_ tenant: TenantRecord) -> JSONValue {
        [
            "id": .string(tenant.id), "artifactId": .string(tenant.artifactId), "name": .string(tenant.name),
            "version": .string(tenant.version), "description": .string(tenant.description),
            "externalSync": externalSyncWithoutSecrets(tenant.configuration["externalSync"]),
        ]
    }

    /// The stored configuration, its artifact id and the tenant's checkpoint verifier key.
    static func full(_ tenant: TenantRecord, checkpointKey: String) -> JSONValue {
        var object = tenant.configuration.objectValue ?? [:]
        object["artifactId"] = .string(tenant.artifactId)
        object["checkpointKey"] = .string(checkpointKey)
        return .object(object)
    }

    /// What a field device needs: forms, the tenant's names, where to sync, and the key its
    /// sync client pins to check the server's checkpoints. No credentials.
    static func clientSafe(_ tenant: TenantRecord, checkpointKey: String) -> JSONValue {
        var object: [String: JSONValue] = [
            "id": .string(tenant.id), "artifactId": .string(tenant.artifactId), "name": .string(tenant.name),
            "checkpointKey": .string(checkpointKey),
            "version": .string(tenant.version), "description": .string(tenant.description),
            "entityForms": tenant.configuration["entityForms"] ?? .array([]),
            "externalSync": externalSyncWithoutSecrets(tenant.configuration["externalSync"]),
        ]
        if let data = tenant.configuration["entityData"] { object["entityData"] = data }
        return .object(object)
    }

    private static func externalSyncWithoutSecrets(_ value: JSONValue?) -> JSONValue {
        guard let type = value?["type"]?.stringValue else { return .object([:]) }
        return ["type": .string(type)]
    }
}
