import DataCollectIntegrity
import NIOHTTP1

/// Odoo's JSON-RPC endpoint (`POST <url>/jsonrpc`), which OpenSPP serves: `common.authenticate`
/// to sign in, then `object.execute_kw` for every model call, each repeating the database, the
/// user id and the password. A JSON-RPC error fails the call with the exception's class name
/// only: Odoo's messages can quote the values a record holds.
struct OdooJSONRPC: Sendable {
    let http: ExternalHTTPExchange
    let database: String

    /// The user id for these credentials; nil when Odoo refuses them.
    func authenticate(username: String, password: String) async throws -> Int? {
        let result = try await call(service: "common", method: "authenticate",
                                    args: [.string(database), .string(username), .string(password), [:]],
                                    describing: "common.authenticate")
        guard let uid = result.numberValue?.intValue, uid > 0 else { return nil }
        return uid
    }

    /// `model.method(*args, **kwargs)` as the signed-in user.
    func execute(_ model: String, _ method: String, _ args: [JSONValue], _ kwargs: [String: JSONValue] = [:],
                 session: ExternalSyncSession) async throws -> JSONValue {
        guard let uid = session.parameters["uid"].flatMap(Int.init), let password = session.parameters["password"] else {
            throw ExternalSyncError(.authenticationFailed, message: "The OpenSPP session has no signed-in user; authenticate first.")
        }
        return try await call(service: "object", method: "execute_kw",
                              args: [.string(database), .number(JSONNumber(uid)), .string(password), .string(model),
                                     .string(method), .array(args), .object(kwargs)],
                              describing: "\(model).\(method)")
    }

    private func call(service: String, method: String, args: [JSONValue], describing call: String) async throws -> JSONValue {
        let request: JSONValue = [
            "jsonrpc": "2.0", "id": .number(JSONNumber(Int.random(in: 1...Int(Int32.max)))), "method": "call",
            "params": ["service": .string(service), "method": .string(method), "args": .array(args)],
        ]
        let bytes = try await http.send(.POST, path: "/jsonrpc", body: request.canonicalBytes, headers: ["Accept": "application/json"])
        guard let answer = try? JSONParser.parse(bytes), answer.objectValue != nil else {
            throw ExternalSyncError(.invalidResponse, message: "OpenSPP's answer to \(call) is not a JSON-RPC response.")
        }
        if let error = answer["error"], !error.isNull {
            let name = error["data"]?["name"]?.stringValue ?? "an error"
            throw ExternalSyncError(.refused, message: "OpenSPP refused \(call) with \(name).")
        }
        guard let result = answer["result"] else {
            throw ExternalSyncError(.invalidResponse, message: "OpenSPP's answer to \(call) has neither a result nor an error.")
        }
        return result
    }
}
