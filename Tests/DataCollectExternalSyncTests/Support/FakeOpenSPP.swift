import DataCollectIntegrity
import HTTPTypes
import Hummingbird
import HummingbirdTesting

/// The registrants an OpenSPP server holds before a test, in the shape Odoo 17's
/// `res.partner.search_read` answers them: `false` for empty fields, references as
/// `[id, "label"]`, datetimes as `YYYY-MM-DD HH:MM:SS` (UTC). Synthetic people; written after
/// OpenSPP's documented registrant fields, not recorded from a live server (none is reachable
/// from the test machines).
enum OpenSPPFixture {
    static let registrants = """
    [
      {"id": 41, "name": "Household Amanor", "is_registrant": true, "is_group": true, "birthdate": false,
       "gender": false, "phone": "+000 555 0101", "ref": false, "write_date": "2026-05-01 08:00:00",
       "disabled": false, "disabled_reason": false},
      {"id": 42, "name": "Esi Amanor", "is_registrant": true, "is_group": false, "birthdate": "1988-02-14",
       "gender": [2, "Female"], "phone": false, "ref": false, "write_date": "2026-05-01 08:00:00",
       "disabled": false, "disabled_reason": false},
      {"id": 43, "name": "Kwame Amanor", "is_registrant": true, "is_group": false, "birthdate": "1985-11-30",
       "gender": [1, "Male"], "phone": "+000 555 0102", "ref": false, "write_date": "2026-05-01 08:00:00",
       "disabled": false, "disabled_reason": false},
      {"id": 44, "name": "Household Boateng", "is_registrant": true, "is_group": true, "birthdate": false,
       "gender": false, "phone": false, "ref": false, "write_date": "2026-05-02 09:30:00",
       "disabled": "2026-05-02 00:00:00", "disabled_reason": "moved out of the area"},
      {"id": 45, "name": "Ministry office", "is_registrant": false, "is_group": false, "birthdate": false,
       "gender": false, "phone": false, "ref": false, "write_date": "2026-05-02 10:00:00",
       "disabled": false, "disabled_reason": false}
    ]
    """
}

/// What the stand-in OpenSPP holds and saw: `res.partner` and `g2p.group.membership` rows,
/// and every JSON-RPC call by `model.method`.
actor OdooState {
    static let database = "openspp-test"
    static let login = "registrar@example.org"
    static let password = "synthetic-odoo-pass-7d2e"

    private(set) var partners: [Int: [String: JSONValue]] = [:]
    private(set) var memberships: [Int: [String: JSONValue]] = [:]
    private(set) var calls: [String] = []
    /// The server's clock for `write_date`: moved by the test, so many writes share a second.
    var now = "2026-06-01 12:00:00"
    private var nextId = 100

    init(registrants: [JSONValue]) {
        for partner in registrants { if let id = partner["id"]?.numberValue?.intValue { partners[id] = partner.objectValue } }
    }

    /// Calls (`model.method`) answered with an error, as a server refusing them would.
    private var refused: Set<String> = []

    func setClock(_ time: String) { now = time }

    func refuse(_ call: String) { refused.insert(call) }

    /// A change made in OpenSPP itself (by its own users), stamped with the server's clock.
    func edit(_ id: Int, _ values: [String: JSONValue]) {
        for (key, value) in values { partners[id]?[key] = value }
        partners[id]?["write_date"] = .string(now)
    }

    func answer(_ request: JSONValue) -> JSONValue {
        let id = request["id"] ?? .null
        guard let params = request["params"], let args = params["args"]?.arrayValue else { return Self.error(id, "ValueError") }
        switch (params["service"]?.stringValue, params["method"]?.stringValue) {
        case ("common", "authenticate"):
            calls.append("common.authenticate")
            let valid = args.count == 4 && args[0] == .string(Self.database) && args[1] == .string(Self.login)
                && args[2] == .string(Self.password)
            return ["jsonrpc": "2.0", "id": id, "result": valid ? 2 : false]
        case ("object", "execute_kw"):
            guard args.count >= 6, args[0] == .string(Self.database), args[1] == 2, args[2] == .string(Self.password),
                  let model = args[3].stringValue, let method = args[4].stringValue, let positional = args[5].arrayValue
            else { return Self.error(id, "odoo.exceptions.AccessDenied") }
            calls.append("\(model).\(method)")
            if refused.contains("\(model).\(method)") { return Self.error(id, "odoo.exceptions.ValidationError") }
            let keywords = args.count > 6 ? args[6] : [:]
            guard let result = execute(model, method, positional, keywords) else {
                return Self.error(id, "odoo.exceptions.ValidationError")
            }
            return ["jsonrpc": "2.0", "id": id, "result": result]
        default:
            return Self.error(id, "odoo.exceptions.UserError")
        }
    }

    private func execute(_ model: String, _ method: String, _ args: [JSONValue], _ keywords: JSONValue) -> JSONValue? {
        switch (model, method) {
        case ("res.partner", "search_read"):
            let domain = args.first?.arrayValue ?? []
            var rows = partners.values.filter { Self.matches($0, domain) }
            rows.sort { a, b in
                let (da, db) = (a["write_date"]?.stringValue ?? "", b["write_date"]?.stringValue ?? "")
                return da != db ? da < db : (a["id"]?.numberValue?.intValue ?? 0) < (b["id"]?.numberValue?.intValue ?? 0)
            }
            if let limit = keywords["limit"]?.numberValue?.intValue { rows = Array(rows.prefix(limit)) }
            let fields = keywords["fields"]?.arrayValue?.compactMap(\.stringValue)
            return .array(rows.map { row in
                guard let fields else { return .object(row) }
                return .object(row.filter { fields.contains($0.key) })
            })
        case ("res.partner", "create"):
            guard var values = args.first?.objectValue, values["name"]?.stringValue != nil else { return nil }
            nextId += 1
            values["id"] = .number(JSONNumber(nextId))
            values["write_date"] = .string(now)
            partners[nextId] = values
            return .number(JSONNumber(nextId))
        case ("res.partner", "write"):
            guard let ids = args.first?.arrayValue?.compactMap({ $0.numberValue?.intValue }), let values = args.dropFirst().first?.objectValue
            else { return nil }
            for id in ids {
                guard var row = partners[id] else { return nil }
                for (key, value) in values where key != "group_membership_ids" { row[key] = value }
                for command in values["group_membership_ids"]?.arrayValue ?? [] {
                    guard let parts = command.arrayValue, parts.count == 3, parts[0] == 0,
                          let individual = parts[2]["individual"] else { return nil }
                    nextId += 1
                    memberships[nextId] = ["id": .number(JSONNumber(nextId)), "group": .number(JSONNumber(id)),
                                           "individual": individual, "ended_date": false]
                }
                row["write_date"] = .string(now)
                partners[id] = row
            }
            return true
        case ("g2p.group.membership", "search"), ("g2p.group.membership", "search_count"):
            let found = memberships.values.filter { Self.matches($0, args.first?.arrayValue ?? []) }
            return method == "search" ? .array(found.compactMap { $0["id"] }) : .number(JSONNumber(found.count))
        case ("g2p.group.membership", "write"):
            guard let ids = args.first?.arrayValue?.compactMap({ $0.numberValue?.intValue }), let values = args.dropFirst().first?.objectValue
            else { return nil }
            for id in ids { for (key, value) in values { memberships[id]?[key] = value } }
            return true
        default:
            return nil
        }
    }

    /// Odoo's domain language, as much as the adapter uses: `[field, op, value]` terms with
    /// `=`, `>` and `in`, the prefix operators `|` and `&`, and an implicit `&` between terms.
    static func matches(_ row: [String: JSONValue], _ domain: [JSONValue]) -> Bool {
        var stack: [Bool] = []
        for term in domain.reversed() {
            switch term.stringValue {
            case "|": let (a, b) = (stack.removeLast(), stack.removeLast()); stack.append(a || b)
            case "&": let (a, b) = (stack.removeLast(), stack.removeLast()); stack.append(a && b)
            default:
                guard let parts = term.arrayValue, parts.count == 3, let field = parts[0].stringValue else { return false }
                let value = row[field] ?? false
                switch parts[1].stringValue {
                case "=": stack.append(value == parts[2])
                case "in": stack.append(parts[2].arrayValue?.contains(value) ?? false)
                case ">":
                    if let a = value.numberValue, let b = parts[2].numberValue { stack.append(a.doubleValue > b.doubleValue) }
                    else { stack.append((value.stringValue ?? "") > (parts[2].stringValue ?? "")) }
                default: return false
                }
            }
        }
        return stack.allSatisfy { $0 }
    }

    /// Odoo's error answer; its message quotes a value, as Odoo's do, so tests can check that
    /// the adapter never repeats it.
    static func error(_ id: JSONValue, _ name: String) -> JSONValue {
        ["jsonrpc": "2.0", "id": id, "error": [
            "code": 200, "message": "Odoo Server Error",
            "data": ["name": .string(name), "message": "Invalid value 'Esi Amanor' for field name"],
        ]]
    }
}

/// A Hummingbird app standing in for OpenSPP's `POST /jsonrpc`, on a random loopback port.
struct FakeOpenSPP: Sendable {
    let state: OdooState

    init(registrants: [JSONValue] = (try? JSONParser.parse(Array(OpenSPPFixture.registrants.utf8)))?.arrayValue ?? []) {
        state = OdooState(registrants: registrants)
    }

    /// Runs `body` with the server's base URL.
    func run(_ body: @escaping @Sendable (String) async throws -> Void) async throws {
        let state = state
        let router = Router()
        router.post("/jsonrpc") { request, _ -> Response in
            let buffer = try await request.body.collect(upTo: 4 << 20)
            let answer = await state.answer(try JSONParser.parse(Array(buffer.readableBytesView)))
            return Response(status: .ok, headers: [.contentType: "application/json"],
                            body: ResponseBody(byteBuffer: ByteBuffer(bytes: answer.canonicalBytes)))
        }
        let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)))
        try await app.test(.live) { client in
            try await body("http://127.0.0.1:\(client.port ?? 0)")
        }
    }
}
