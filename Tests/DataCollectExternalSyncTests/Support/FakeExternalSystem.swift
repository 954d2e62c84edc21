import DataCollectIntegrity
import HTTPTypes
import Hummingbird
import HummingbirdTesting

/// What the stand-in external system saw and serves.
actor ExternalSystemState {
    private(set) var records: [JSONValue]
    let pageSize: Int
    private(set) var receivedEvents: [JSONValue] = []
    /// The `X-API-Key` of every request, in order (nil when absent).
    private(set) var receivedKeys: [String?] = []
    private(set) var receivedAuthorizations: [String?] = []

    init(records: [JSONValue], pageSize: Int) {
        self.records = records
        self.pageSize = pageSize
    }

    func replaceRecord(at index: Int, with record: JSONValue) {
        records[index] = record
    }

    func note(key: String?, authorization: String?) {
        receivedKeys.append(key)
        receivedAuthorizations.append(authorization)
    }

    func receive(_ events: [JSONValue]) {
        receivedEvents.append(contentsOf: events)
    }

    func page(after cursor: String?) -> JSONValue {
        let start = cursor.flatMap(Int.init) ?? 0
        let end = min(records.count, start + pageSize)
        let slice = start < end ? Array(records[start..<end]) : []
        return ["records": .array(slice), "nextCursor": .string(String(max(start, end)))]
    }
}

/// A small Hummingbird app standing in for a webhook external system, on a random loopback
/// port: `POST /hub/events` and `GET /hub/records?cursor=`, both requiring the API key.
struct FakeExternalSystem: Sendable {
    static let apiKey = "synthetic-api-key-4f1c9e"
    let state: ExternalSystemState

    init(records: [JSONValue] = [], pageSize: Int = 100) {
        state = ExternalSystemState(records: records, pageSize: pageSize)
    }

    /// Runs `body` with the system's base URL (`http://127.0.0.1:<port>/hub`).
    func run(_ body: @escaping @Sendable (String) async throws -> Void) async throws {
        let state = state
        let router = Router()
        router.post("/hub/events") { request, _ -> Response in
            guard try await Self.admit(request, state: state) else { return Response(status: .unauthorized) }
            let buffer = try await request.body.collect(upTo: 1 << 20)
            let json = try JSONParser.parse(Array(buffer.readableBytesView))
            await state.receive(json["events"]?.arrayValue ?? [])
            return Response(status: .ok)
        }
        router.get("/hub/records") { request, _ -> Response in
            guard try await Self.admit(request, state: state) else { return Response(status: .unauthorized) }
            let page = await state.page(after: request.uri.queryParameters.get("cursor"))
            return Response(status: .ok, headers: [.contentType: "application/json"],
                            body: ResponseBody(byteBuffer: ByteBuffer(bytes: page.canonicalBytes)))
        }
        let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)))
        try await app.test(.live) { client in
            try await body("http://127.0.0.1:\(client.port ?? 0)/hub")
        }
    }

    private static func admit(_ request: Request, state: ExternalSystemState) async throws -> Bool {
        let key = request.headers[HTTPField.Name("X-API-Key")!]
        await state.note(key: key, authorization: request.headers[.authorization])
        return key == apiKey
    }
}
