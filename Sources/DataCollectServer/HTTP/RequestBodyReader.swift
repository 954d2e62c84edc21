import DataCollectIntegrity
import Hummingbird
import HTTPTypes
import NIOCore

/// Reads request bodies as hostile input: a size limit (413), the content type (415), strict
/// UTF-8 and bounded JSON nesting (400) — before anything else looks at them.
struct RequestBodyReader: Sendable {
    var maxBytes: Int
    var jsonLimits = JSONLimits()

    /// The whole body, refusing more than `maxBytes` (also when the client lies about its length).
    func bytes(of request: Request) async throws -> [UInt8] {
        if let declared = request.headers[.contentLength].flatMap(Int.init), declared > maxBytes {
            throw tooLarge
        }
        var request = request
        do {
            let buffer = try await request.collectBody(upTo: maxBytes)
            return Array(buffer.readableBytesView)
        } catch is NIOTooManyBytesError {
            throw tooLarge
        }
    }

    /// The body as JSON: `application/json` only.
    func json(of request: Request) async throws -> JSONValue {
        guard let type = request.headers[.contentType], type.lowercased().hasPrefix("application/json") else {
            throw APIError(.unsupportedMediaType, code: "UNSUPPORTED_MEDIA_TYPE",
                           message: "Send the body as JSON, with 'Content-Type: application/json'.")
        }
        return try parse(try await bytes(of: request))
    }

    func parse(_ bytes: [UInt8]) throws -> JSONValue {
        guard !bytes.isEmpty else { throw APIError.badRequest("The request body is empty; a JSON document is expected.") }
        do {
            return try JSONParser.parse(bytes, limits: jsonLimits)
        } catch {
            throw APIError(.badRequest, code: "INVALID_JSON", message: "The body is not valid JSON: \(error)")
        }
    }

    private var tooLarge: APIError {
        APIError.tooLarge("The request body is larger than the server accepts (\(maxBytes) bytes); send smaller batches.")
    }
}
