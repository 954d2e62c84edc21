import DataCollectCore
import DataCollectIntegrity
import Hummingbird
import HTTPTypes

/// Push and pull. `/api/v2/sync/*` pages by `seq` and answers per event; `/api/sync/*` keeps the
/// existing apps' paths and shapes, on top of the same code (so it no longer drops, skips or
/// silently ignores events).
struct SyncRoutes {
    let services: ServerServices

    func register(on group: RouterGroup<ServerRequestContext>) {
        group.post("/api/v2/sync/push") { request, context in
            let (report, _) = try await push(request, context: context)
            return Response.json(Self.pushAnswer(report))
        }
        group.get("/api/v2/sync/pull") { request, context in try await pull(request, context: context) }
        group.post("/api/sync/push") { request, context in
            let (report, _) = try await push(request, context: context)
            var answer = Self.pushAnswer(report).objectValue ?? [:]
            answer["status"] = report.isClean ? "success" : "partial"
            return Response.json(.object(answer))
        }
        group.get("/api/sync/pull") { request, context in try await legacyPull(request, context: context) }
    }

    // MARK: Push

    private func push(_ request: Request, context: ServerRequestContext) async throws -> (SubmissionReport, TenantHandle) {
        let identity = try context.requireIdentity()
        let body = try await services.body.json(of: request)
        guard let events = body["events"]?.arrayValue else {
            throw APIError(.unprocessableContent, code: "INVALID_REQUEST", message: "events must be a list of events.", field: "events")
        }
        guard events.count <= services.configuration.maxPushBatch else {
            throw APIError(.contentTooLarge, code: "BATCH_TOO_LARGE",
                           message: "A push may carry at most \(services.configuration.maxPushBatch) events; split the batch.",
                           field: "events")
        }
        let tenant = try await services.tenant(request.query("configId") ?? body["configId"]?.stringValue, for: identity)
        try identity.require(.collector, .admin, for: "push events")
        let manager = tenant.manager
        let actor = identity.auditActor
        let report = try await blocking { try manager.receive(json: .array(events), receivedFrom: actor) }
        services.metrics.recordPush(outcome: "accepted", count: report.appended)
        services.metrics.recordPush(outcome: "duplicate", count: report.alreadyPresent)
        services.metrics.recordPush(outcome: "conflict", count: report.conflicts)
        services.metrics.recordPush(outcome: "rejected", count: report.rejected)
        return (report, tenant)
    }

    /// `{results: [{index, guid, result, …}], accepted, duplicates, conflicts, rejected}`.
    static func pushAnswer(_ report: SubmissionReport) -> JSONValue {
        let results: [JSONValue] = report.items.map { item in
            var object: [String: JSONValue] = ["index": .number(JSONNumber(item.index))]
            if let guid = item.guid { object["guid"] = .string(guid) }
            switch item.outcome {
            case .appended(let seq, let status):
                object["result"] = "accepted"
                object["seq"] = .number(JSONNumber(Int(seq)))
                object["status"] = .string(status.name)
                if let reason = status.reason { object["reason"] = reason.jsonValue }
            case .alreadyPresent(let seq):
                object["result"] = "duplicate"
                object["seq"] = .number(JSONNumber(Int(seq)))
            case .conflict(let seq):
                object["result"] = "conflict"
                object["existingSeq"] = .number(JSONNumber(Int(seq)))
                object["error"] = SubmissionReport.conflictError.jsonValue
            case .rejected(let error):
                object["result"] = "rejected"
                object["error"] = error.jsonValue
            }
            return .object(object)
        }
        return [
            "results": .array(results), "accepted": .number(JSONNumber(report.appended)),
            "duplicates": .number(JSONNumber(report.alreadyPresent)), "conflicts": .number(JSONNumber(report.conflicts)),
            "rejected": .number(JSONNumber(report.rejected)),
        ]
    }

    // MARK: Pull

    private struct Page {
        var events: [(StoredEvent, [FieldSeal])]
        /// Inclusion proofs against the tree of the requested size, by event guid.
        var proofs: [String: InclusionProofResult] = [:]
        var hasMore: Bool
        var logSize: UInt64
        var potentialDuplicates: Int
    }

    private func page(tenant: TenantHandle, after: Int64, limit: Int, proofSize: UInt64? = nil) async throws -> Page {
        let manager = tenant.manager, duplicateCount = tenant.duplicateCount
        let page = try await blocking {
            let (events, size) = try manager.sealedEvents(afterSeq: after, limit: limit + 1)
            var page = Page(events: Array(events.prefix(limit)), hasMore: events.count > limit, logSize: size,
                            potentialDuplicates: try duplicateCount.count(of: manager))
            if let proofSize {
                page.proofs = try manager.store.read { transaction in
                    try LogProofs.inclusions(of: page.events.map(\.0), size: proofSize, in: transaction)
                }
            }
            return page
        }
        services.metrics.recordPull(count: page.events.count)
        return page
    }

    private func pullLimit(_ request: Request) throws -> Int {
        let limit = try request.integerQuery("limit") ?? 100
        guard (1...services.configuration.maxPullLimit).contains(limit) else {
            throw APIError.badRequest("limit must be between 1 and \(services.configuration.maxPullLimit).", field: "limit")
        }
        return limit
    }

    /// `GET /api/v2/sync/pull?configId=&after=SEQ&limit=N[&proofSize=S]`: the sealed events after
    /// the cursor; with `proofSize`, each event within the first S leaves carries its inclusion
    /// proof (`leafIndex`, `auditPath`) against that tree size, so that a client checks every
    /// event against a signed checkpoint before applying it. Potential duplicates are reported,
    /// never a reason to withhold events.
    private func pull(_ request: Request, context: ServerRequestContext) async throws -> Response {
        let identity = try context.requireIdentity()
        let tenant = try await services.tenant(request.query("configId"), for: identity)
        let after = Int64(try request.integerQuery("after") ?? 0)
        let proofSize = try request.integerQuery("proofSize").map(UInt64.init)
        let page = try await page(tenant: tenant, after: after, limit: try pullLimit(request), proofSize: proofSize)
        return .json([
            "events": .array(page.events.map { stored, seals in
                var record = SealedRecordCoding.event(stored, seals: seals).objectValue ?? [:]
                if let proof = page.proofs[stored.event.guid] { record["proof"] = proof.recordProof }
                return .object(record)
            }),
            "nextCursor": .number(JSONNumber(Int(page.events.last?.0.seq ?? after))),
            "hasMore": .bool(page.hasMore), "logSize": .number(JSONNumber(Int(page.logSize))),
            "potentialDuplicates": .number(JSONNumber(page.potentialDuplicates)),
        ])
    }

    /// `GET /api/sync/pull?since=&configId=`: the existing apps' pull. Its cursor is opaque
    /// (`seq:N`); a timestamp or anything else from an older client restarts at the beginning,
    /// which resends events the client skips as known rather than losing late arrivals.
    private func legacyPull(_ request: Request, context: ServerRequestContext) async throws -> Response {
        let identity = try context.requireIdentity()
        let tenant = try await services.tenant(request.query("configId") ?? "default", for: identity)
        let since = request.query("since") ?? ""
        let after = since.hasPrefix("seq:") ? Int64(since.dropFirst(4)).map { max($0, 0) } ?? 0 : 0
        let page = try await page(tenant: tenant, after: after, limit: try pullLimit(request))
        var answer: [String: JSONValue] = [
            "events": .array(page.events.map { $0.0.event.jsonValue }),
            "nextCursor": page.hasMore ? .string("seq:\(page.events.last?.0.seq ?? after)") : .null,
        ]
        if page.potentialDuplicates > 0 {
            answer["potentialDuplicates"] = .number(JSONNumber(page.potentialDuplicates))
        }
        return .json(.object(answer))
    }
}
