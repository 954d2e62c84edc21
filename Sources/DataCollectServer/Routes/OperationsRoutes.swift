import DataCollectIntegrity
import Hummingbird
import HTTPTypes

/// `/health` for load balancers and `/metrics` for Prometheus: public, and free of personal data.
struct OperationsRoutes {
    let services: ServerServices

    func register(on router: Router<ServerRequestContext>) {
        router.get("/health") { _, _ in Response.json(["status": "ok"]) }
        router.get("/metrics") { _, _ in
            Response(status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                     body: ResponseBody(byteBuffer: ByteBuffer(string: services.metrics.prometheusText())))
        }
    }
}
