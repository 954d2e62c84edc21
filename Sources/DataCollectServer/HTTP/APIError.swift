import DataCollectCore
public import DataCollectIntegrity
public import Hummingbird
public import HTTPTypes

/// An error the API answers with: the status and `{error: {code, message, field?}}`.
/// Messages are written for the person holding the client and never contain field values.
public struct APIError: HTTPResponseError, Sendable, CustomStringConvertible {
    public var status: HTTPResponse.Status
    public var code: String
    public var message: String
    public var field: String?
    /// Extra response headers (`Retry-After` on 429).
    public var headers: HTTPFields = [:]

    public init(_ status: HTTPResponse.Status, code: String, message: String, field: String? = nil) {
        self.status = status
        self.code = code
        self.message = message
        self.field = field
    }

    public var description: String { field.map { "\(message) (\($0))" } ?? message }

    public var jsonValue: JSONValue {
        var error: [String: JSONValue] = ["code": .string(code), "message": .string(message)]
        if let field { error["field"] = .string(field) }
        return ["error": .object(error)]
    }

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        var response = Response.json(jsonValue, status: status)
        response.headers.append(contentsOf: headers)
        return response
    }

    // MARK: The common cases

    static func badRequest(_ message: String, field: String? = nil) -> APIError {
        APIError(.badRequest, code: "INVALID_REQUEST", message: message, field: field)
    }

    static let missingToken = APIError(.unauthorized, code: "UNAUTHORIZED",
                                       message: "Sign in first: send the token from /api/users/login as 'Authorization: Bearer <token>'.")
    static let invalidToken = APIError(.unauthorized, code: "INVALID_TOKEN",
                                       message: "The token is invalid or has expired; sign in again.")

    static func forbidden(_ message: String) -> APIError {
        APIError(.forbidden, code: "FORBIDDEN", message: message)
    }

    static func notFound(_ message: String, field: String? = nil) -> APIError {
        APIError(.notFound, code: "NOT_FOUND", message: message, field: field)
    }

    static func conflict(_ message: String, field: String? = nil) -> APIError {
        APIError(.conflict, code: "CONFLICT", message: message, field: field)
    }

    static func tooLarge(_ message: String) -> APIError {
        APIError(.contentTooLarge, code: "PAYLOAD_TOO_LARGE", message: message)
    }

    /// A library error: 404 for what does not exist, 422 for well-formed JSON that breaks a rule.
    static func from(_ error: DataCollectError) -> APIError {
        let status: HTTPResponse.Status = switch error.code {
        case .entityNotFound: .notFound
        case .invalidJSON: .badRequest
        case .storeCorrupted: .internalServerError
        default: .unprocessableContent
        }
        return APIError(status, code: error.code.rawValue, message: error.message, field: error.field)
    }
}
