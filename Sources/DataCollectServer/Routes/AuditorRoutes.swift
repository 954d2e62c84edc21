import DataCollectCore
import DataCollectIntegrity
import Hummingbird

/// What auditors ask of a tenant over HTTP: an entity as of a time, checkpoints, proofs and a
/// full verification. Every question that reads personal data is recorded in the audit trail.
struct AuditorRoutes {
    let services: ServerServices

    func register(on group: RouterGroup<ServerRequestContext>) {
        group.get("/api/v2/entities/:guid") { request, context in try await entity(request, context: context) }
        group.get("/api/v2/checkpoints") { request, context in try await checkpoints(request, context: context) }
        group.post("/api/v2/checkpoints") { request, context in try await sign(request, context: context) }
        group.get("/api/v2/proofs/:eventGuid") { request, context in try await inclusion(request, context: context) }
        group.get("/api/v2/consistency") { request, context in try await consistency(request, context: context) }
        group.get("/api/v2/verify") { request, context in try await verify(request, context: context) }
    }

    /// `GET /api/v2/entities/{guid}?configId=&asOf=&knownAt=`: the entity now, or as of a valid
    /// time and (optionally) as the server knew it at a transaction time.
    private func entity(_ request: Request, context: ServerRequestContext) async throws -> Response {
        let identity = try context.requireIdentity()
        let tenant = try await services.tenant(request.query("configId"), for: identity)
        try identity.require(.auditor, .admin, for: "read entities")
        let guid = try context.parameters.require("guid")
        let asOf = try request.query("asOf").map { text throws(DataCollectError) in try TimePoint.parse(text, option: "asOf") }
        let knownAt = try request.query("knownAt").map { text throws(DataCollectError) in try TimePoint.parse(text, option: "knownAt") }
        let manager = tenant.manager
        let actor = identity.auditActor
        let entity: JSONValue = try await blocking {
            let value: JSONValue
            if asOf != nil || knownAt != nil {
                guard let entity = try manager.entity(guid, asOf: asOf ?? .now(), knownAt: knownAt) else {
                    throw APIError.notFound("No entity with this guid existed at that time.", field: "guid")
                }
                value = entity.jsonValue
            } else {
                value = try manager.entity(guid).jsonValue
            }
            var details: [String: JSONValue] = [:]
            if let asOf { details["asOf"] = .string(asOf.iso8601) }
            if let knownAt { details["knownAt"] = .string(knownAt.iso8601) }
            try manager.recordAccess(action: "api-read-entity", actor: actor, entityGuid: guid, details: details, at: .now())
            return value
        }
        return .json(entity)
    }

    /// `GET /api/v2/checkpoints?configId=`: the verifier key to pin and every signed checkpoint.
    private func checkpoints(_ request: Request, context: ServerRequestContext) async throws -> Response {
        let identity = try context.requireIdentity()
        let tenant = try await services.tenant(request.query("configId"), for: identity)
        let store = tenant.manager.store
        let checkpoints = try await blocking { try store.read { try $0.checkpoints(log: .events) } }
        return .json([
            "verifierKey": .string(tenant.signer.verifierKey),
            "checkpoints": .array(checkpoints.map(\.jsonValue)),
        ])
    }

    /// `POST /api/v2/checkpoints?configId=&log=`: signs a log's current size and root (the
    /// events log, or with `log=audit` the audit log), unless its latest checkpoint already
    /// covers them (so that clients cannot grow the table at will).
    private func sign(_ request: Request, context: ServerRequestContext) async throws -> Response {
        let identity = try context.requireIdentity()
        let tenant = try await services.tenant(request.query("configId"), for: identity)
        let log = try request.logQuery()
        let store = tenant.manager.store
        let writer = CheckpointWriter(signer: tenant.signer)
        let latest: StoredCheckpoint = try await blocking {
            let (size, existing) = try store.read { (try $0.logHead(log).size, try $0.checkpoints(log: log).last) }
            if let existing, existing.size == size { return existing }
            guard let signed = try writer.checkpoint(store, at: .now()).first(where: { $0.log == log }) else {
                throw DataCollectError(.storeCorrupted, message: "The \(log.rawValue) log could not be checkpointed.")
            }
            return signed
        }
        return .json(["verifierKey": .string(tenant.signer.verifierKey), "checkpoint": latest.jsonValue])
    }

    /// `GET /api/v2/proofs/{eventGuid}?configId=&size=`: the RFC 9162 inclusion proof.
    private func inclusion(_ request: Request, context: ServerRequestContext) async throws -> Response {
        let identity = try context.requireIdentity()
        let tenant = try await services.tenant(request.query("configId"), for: identity)
        let guid = try context.parameters.require("eventGuid")
        let size = try request.integerQuery("size").map(UInt64.init)
        let store = tenant.manager.store
        return .json(try await blocking { try LogProofs.inclusion(ofEvent: guid, size: size, in: store).jsonValue })
    }

    /// `GET /api/v2/consistency?configId=&from=&to=&log=`: the RFC 9162 consistency proof of
    /// the events log (or with `log=audit`, of the audit log).
    private func consistency(_ request: Request, context: ServerRequestContext) async throws -> Response {
        let identity = try context.requireIdentity()
        let tenant = try await services.tenant(request.query("configId"), for: identity)
        guard let from = try request.integerQuery("from") else { throw APIError.badRequest("from is required.", field: "from") }
        let to = try request.integerQuery("to").map(UInt64.init)
        let log = try request.logQuery()
        let store = tenant.manager.store
        return .json(try await blocking { try LogProofs.consistency(log: log, from: UInt64(from), to: to, in: store).jsonValue })
    }

    /// `GET /api/v2/verify?configId=`: checks every leaf, the chain, the Merkle roots and the
    /// checkpoints against the tenant's key. 200 with the report either way; `intact` says.
    private func verify(_ request: Request, context: ServerRequestContext) async throws -> Response {
        let identity = try context.requireIdentity()
        let tenant = try await services.tenant(request.query("configId"), for: identity)
        try identity.require(.auditor, .admin, for: "verify the audit trail")
        let manager = tenant.manager
        let verifier = IntegrityVerifier(verifierKey: tenant.signer.verifierKey)
        let actor = identity.auditActor
        let report = try await blocking {
            let report = try verifier.verify(manager.store)
            try manager.recordAccess(action: "api-verify", actor: actor, entityGuid: "", details: [:], at: .now())
            return report
        }
        return .json(report.jsonValue)
    }
}
