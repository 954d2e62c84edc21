import DataCollectCore
import DataCollectIntegrity
import DataCollectQRCode
import Hummingbird
import HTTPTypes

/// `/artifacts/{artifactId}.json` and `.png`: what field staff load a tenant's app from, by
/// URL or by scanning the QR code. Public, as in the existing system, but the JSON is the
/// client-safe projection (forms, names, the sync URL and the checkpoint key a device pins) —
/// never the external-sync credentials the existing system leaked here. The artifact id is
/// 128 random bits and changes on every re-upload, which retires the old QR code. Both files
/// are made per request from the stored tenant; nothing is written to disk.
struct ArtifactRoutes {
    let services: ServerServices

    func register(on router: Router<ServerRequestContext>) {
        router.get("/artifacts/:file") { request, context in
            let file = try context.parameters.require("file")
            if let artifactId = Self.artifactId(file, extension: ".json") {
                return try await json(artifactId, request: request)
            }
            if let artifactId = Self.artifactId(file, extension: ".png") {
                return try await picture(artifactId, request: request)
            }
            throw APIError.notFound("There is no such artifact: artifacts are <artifactId>.json or <artifactId>.png.")
        }
    }

    private func json(_ artifactId: String, request: Request) async throws -> Response {
        let (tenant, base) = try await resolve(artifactId, request: request)
        let checkpointKey = try await services.tenants.handle(tenant.id).signer.verifierKey
        var object = AppRoutes.clientSafe(tenant, checkpointKey: checkpointKey).objectValue ?? [:]
        object["syncServerUrl"] = .string(base)
        return Response(status: .ok, headers: [
            .contentType: "application/json; charset=utf-8",
            .contentDisposition: "attachment; filename=\"\(artifactId).json\"",
            .cacheControl: "no-cache",
        ], body: ResponseBody(byteBuffer: ByteBuffer(bytes: JSONValue.object(object).canonicalBytes)))
    }

    private func picture(_ artifactId: String, request: Request) async throws -> Response {
        let (_, base) = try await resolve(artifactId, request: request)
        let png = try QRCodePicture(encoding: Self.jsonURL(base: base, artifactId: artifactId)).png()
        return Response(status: .ok, headers: [.contentType: "image/png", .cacheControl: "no-cache"],
                        body: ResponseBody(byteBuffer: ByteBuffer(bytes: png)))
    }

    /// The tenant the artifact id names and the base URL to write into its files.
    private func resolve(_ artifactId: String, request: Request) async throws -> (TenantRecord, String) {
        let directory = services.directory
        let tenant = try await blocking { try directory.tenants().first { $0.artifactId == artifactId } }
        guard let tenant else { throw APIError.notFound("There is no app configuration with this artifact id.") }
        guard let base = PublicBaseURL.base(configured: services.configuration.publicBaseURL, request: request.head) else {
            throw APIError.badRequest("The request's Host header is not a host name; the server cannot say where it is "
                + "(its operator can set --public-url).")
        }
        return (tenant, base)
    }

    /// Where the artifact's JSON is served: what its QR code holds.
    static func jsonURL(base: String, artifactId: String) -> String {
        "\(base)/artifacts/\(artifactId).json"
    }

    /// The artifact id of `<id><extension>`, when the id is 32 lowercase hex characters.
    static func artifactId(_ file: String, extension suffix: String) -> String? {
        guard file.hasSuffix(suffix) else { return nil }
        let id = String(file.dropLast(suffix.count))
        guard id.count == 32, id.utf8.allSatisfy({ (48...57).contains($0) || (97...102).contains($0) }) else { return nil }
        return id
    }
}
