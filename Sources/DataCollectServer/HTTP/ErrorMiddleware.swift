import DataCollectCore
import Hummingbird
import HTTPTypes
import Logging

/// Turns every error into the JSON error shape with the right status, so that no client ever
/// sees a stack trace or an HTML page: API errors as they are, library errors by code,
/// Hummingbird's own (unknown route, body too large) translated, anything else a 500 whose
/// detail goes only to the log.
struct ErrorMiddleware: RouterMiddleware {
    typealias Context = ServerRequestContext
    let metrics: ServerMetrics

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let response: Response
        do {
            response = try await next(request, context)
        } catch {
            let apiError = Self.translate(error, request: request, logger: context.logger)
            response = Response.json(apiError.jsonValue, status: apiError.status)
            var withHeaders = response
            withHeaders.headers.append(contentsOf: apiError.headers)
            metrics.record(status: withHeaders.status.code)
            return withHeaders
        }
        metrics.record(status: response.status.code)
        return response
    }

    static func translate(_ error: any Error, request: Request, logger: Logger) -> APIError {
        switch error {
        case let error as APIError:
            return error
        case let error as DataCollectError:
            return APIError.from(error)
        case let error as any HTTPResponseError:
            switch error.status {
            case .notFound:
                return APIError.notFound("There is no such route: \(request.method) \(request.uri.path).")
            case .methodNotAllowed:
                return APIError(.methodNotAllowed, code: "METHOD_NOT_ALLOWED",
                                message: "This route does not accept \(request.method).")
            case .contentTooLarge:
                return APIError.tooLarge("The request body is larger than the server accepts.")
            default:
                return APIError(error.status, code: "HTTP_\(error.status.code)", message: error.status.reasonPhrase)
            }
        default:
            // The type only: descriptions of unknown errors might carry request content.
            logger.error("Request failed", metadata: ["path": .string(request.uri.path), "error": .string(String(describing: type(of: error)))])
            return APIError(.internalServerError, code: "INTERNAL",
                            message: "The server could not complete the request; it has been logged.")
        }
    }
}
