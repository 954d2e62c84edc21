import DataCollectCore
import DataCollectIntegrity
import Hummingbird

/// The existing admin app's tenant dashboards: entity counts and potential duplicates.
struct TenantDataRoutes {
    let services: ServerServices

    func register(on group: RouterGroup<ServerRequestContext>) {
        group.get("/api/entities/count") { request, context in
            let manager = try await manager(request, context: context)
            let count = try await blocking { try manager.store.read { try $0.entityCount() } }
            return Response.json(["count": .number(JSONNumber(count))])
        }
        group.get("/api/potential-duplicates") { request, context in
            let manager = try await manager(request, context: context)
            let pairs = try await blocking { try manager.potentialDuplicates() }
            return Response.json(.array(pairs.map(\.jsonValue)))
        }
    }

    private func manager(_ request: Request, context: ServerRequestContext) async throws -> EntityDataManager {
        let identity = try context.requireIdentity()
        let tenant = try await services.tenant(request.query("configId") ?? "default", for: identity)
        try identity.require(.auditor, .admin, for: "read tenant dashboards")
        return tenant.manager
    }
}
