import DataCollectCore
import DataCollectIntegrity
import Foundation
import Hummingbird

/// The existing admin app's tenant dashboards: entity lists and counts, an entity's events, and
/// potential duplicates (listed and resolved). Lists of personal data are recorded in the audit
/// trail.
struct TenantDataRoutes {
    let services: ServerServices

    func register(on group: RouterGroup<ServerRequestContext>) {
        group.get("/api/entities/count") { request, context in
            let manager = try await manager(request, context: context)
            let count = try await blocking { try manager.store.read { try $0.entityCount() } }
            return Response.json(["count": .number(JSONNumber(count))])
        }
        group.get("/api/entities/count-by-form") { request, context in
            let manager = try await manager(request, context: context)
            let counts = try await blocking {
                try manager.allEntities().reduce(into: [String: Int]()) { counts, pair in
                    if let form = pair.modified.data["entityName"]?.stringValue { counts[form, default: 0] += 1 }
                }
            }
            return Response.json(.object(counts.mapValues { .number(JSONNumber($0)) }))
        }
        group.get("/api/entities") { request, context in
            let identity = try context.requireIdentity()
            let manager = try await manager(request, context: context)
            let limit = min(max(try request.integerQuery("limit") ?? 100, 1), 1_000)
            let actor = identity.auditActor
            let entities = try await blocking {
                let newest = try manager.allEntities().map(\.modified)
                    .sorted { ($0.lastUpdated, $0.guid) > ($1.lastUpdated, $1.guid) }.prefix(limit)
                try manager.recordAccess(action: "api-list-entities", actor: actor, entityGuid: "",
                                         details: ["count": .number(JSONNumber(newest.count))], at: .now())
                return Array(newest)
            }
            return Response.json(.array(entities.map { entity in
                [
                    "guid": .string(entity.guid), "id": .string(entity.guid), "name": .string(entity.name),
                    "entityName": entity.data["entityName"] ?? .null, "type": .string(entity.type.rawValue),
                    "data": .object(entity.data), "lastUpdated": .string(entity.lastUpdated.iso8601),
                ]
            }))
        }
        group.get("/api/entities/:guid/events") { request, context in
            let identity = try context.requireIdentity()
            let manager = try await manager(request, context: context)
            let guid = try context.parameters.require("guid")
            let actor = identity.auditActor
            let events = try await blocking {
                let events = try manager.store.read { transaction in
                    try transaction.events(guids: try transaction.eventGuids(touching: [guid]))
                }.sorted { $0.orderKey < $1.orderKey }
                try manager.recordAccess(action: "api-read-entity-events", actor: actor, entityGuid: guid, details: [:], at: .now())
                return events
            }
            return Response.json(.array(events.map(\.jsonValue)))
        }
        group.get("/api/potential-duplicates") { request, context in
            let manager = try await manager(request, context: context)
            let pairs = try await blocking { try manager.potentialDuplicates() }
            return Response.json(.array(pairs.map(\.jsonValue)))
        }
        group.post("/api/potential-duplicates/resolve") { request, context in try await resolve(request, context: context) }
    }

    /// Submits a `resolve-duplicate` event authored by the caller's account, so every replica
    /// repeats the decision when it pulls the event.
    private func resolve(_ request: Request, context: ServerRequestContext) async throws -> Response {
        let identity = try context.requireIdentity()
        let body = try await services.body.json(of: request)
        let tenant = try await services.tenant(request.query("configId") ?? body["configId"]?.stringValue ?? "default", for: identity)
        try identity.require(.admin, for: "resolve duplicates")
        let newItem = try body.requiredString("newItem"), existingItem = try body.requiredString("existingItem")
        guard let shouldDelete = body["shouldDeleteNewItem"]?.boolValue else {
            throw APIError(.unprocessableContent, code: "INVALID_REQUEST", message: "shouldDeleteNewItem must be true or false.",
                           field: "shouldDeleteNewItem")
        }
        let event = Event(
            guid: UUID().uuidString.lowercased(), entityGuid: newItem, type: "resolve-duplicate",
            data: ["duplicates": [["entityGuid": .string(newItem), "duplicateGuid": .string(existingItem)]],
                   "shouldDelete": .bool(shouldDelete)],
            timestamp: .now(), userId: identity.auditActor)
        let manager = tenant.manager
        let report = try await blocking { try manager.submit([event]) }
        if case .rejected(let error)? = report.items.first?.outcome { throw APIError.from(error) }
        return Response.json(["status": "success", "eventGuid": .string(event.guid)])
    }

    private func manager(_ request: Request, context: ServerRequestContext) async throws -> EntityDataManager {
        let identity = try context.requireIdentity()
        let tenant = try await services.tenant(request.query("configId") ?? "default", for: identity)
        try identity.require(.auditor, .admin, for: "read tenant dashboards")
        return tenant.manager
    }
}
