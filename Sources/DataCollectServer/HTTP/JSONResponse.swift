public import DataCollectIntegrity
public import Hummingbird
import HTTPTypes

extension Response {
    /// A JSON response in our own writer's bytes (UTF-8, no pretty printing).
    public static func json(_ value: JSONValue, status: HTTPResponse.Status = .ok) -> Response {
        let bytes = value.canonicalBytes
        return Response(status: status, headers: [.contentType: "application/json; charset=utf-8"],
                        body: ResponseBody(byteBuffer: ByteBuffer(bytes: bytes)))
    }
}
