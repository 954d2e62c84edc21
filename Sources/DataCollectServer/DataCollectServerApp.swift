public import DataCollectCore
import DataCollectIntegrity
import Foundation
public import Hummingbird
public import Logging

/// The composition root of `datacollect serve`: wires the directory, the tenants' stores, auth
/// and the routes into a Hummingbird application.
///
/// ```swift
/// let app = try await DataCollectServerApp.make(
///     configuration: ServerConfiguration(jwtSecret: secret),
///     directory: try SQLiteAccountDirectory.open(path: "server.sqlite"),
///     stores: try SQLiteTenantStores(folder: "tenants"), keyFolder: "keys")
/// try await app.runService()
/// ```
public enum DataCollectServerApp {
    public enum StartError: Error, CustomStringConvertible {
        case secretTooShort(Int)

        public var description: String {
            switch self {
            case .secretTooShort(let bytes):
                "The JWT secret has \(bytes) bytes; at least \(ServerConfiguration.minimumSecretBytes) are required "
                    + "(set DATACOLLECT_JWT_SECRET or pass --jwt-secret-file)."
            }
        }
    }

    public static func make(configuration: ServerConfiguration, directory: any AccountDirectory,
                            stores: any TenantStoreProvider, keyFolder: String, admin: AdminBootstrap? = nil,
                            logger: Logger = Logger(label: "datacollect.server"),
                            onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in })
        async throws -> some ApplicationProtocol {
        guard configuration.jwtSecret.count >= ServerConfiguration.minimumSecretBytes else {
            throw StartError.secretTooShort(configuration.jwtSecret.count)
        }
        let hasher = PasswordHasher(cost: configuration.bcryptCost)
        try await bootstrap(admin, directory: directory, hasher: hasher, logger: logger)
        let services = ServerServices(
            configuration: configuration, directory: directory,
            tenants: TenantRegistry(directory: directory, stores: stores, keys: try TenantKeys(folder: keyFolder)),
            tokens: await TokenService(secret: configuration.jwtSecret, lifetimeSeconds: configuration.tokenLifetimeSeconds),
            hasher: hasher,
            throttle: LoginThrottle(perAccount: configuration.loginFailuresPerAccount,
                                    perAddress: configuration.loginFailuresPerAddress,
                                    windowSeconds: configuration.loginWindowSeconds),
            metrics: ServerMetrics(), body: RequestBodyReader(maxBytes: configuration.maxBodyBytes),
            decoyHash: try await hasher.hash(UUID().uuidString))
        let router = Router(context: ServerRequestContext.self)
        router.add(middleware: ErrorMiddleware(metrics: services.metrics))
        OperationsRoutes(services: services).register(on: router)
        LoginRoutes(services: services).register(on: router)
        ArtifactRoutes(services: services).register(on: router)
        let authenticated = router.group()
            .add(middleware: AuthenticationMiddleware(tokens: services.tokens, accounts: AccountGate(directory: directory)))
        UserRoutes(services: services).register(on: authenticated)
        AppRoutes(services: services).register(on: authenticated)
        SyncRoutes(services: services).register(on: authenticated)
        AuditSyncRoutes(services: services).register(on: authenticated)
        AuditorRoutes(services: services).register(on: authenticated)
        TenantDataRoutes(services: services).register(on: authenticated)
        ExternalSyncRoutes(services: services).register(on: authenticated)
        return Application(
            router: router,
            configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "datacollect"),
            onServerRunning: { channel in await onServerRunning(channel.localAddress?.port ?? configuration.port) },
            logger: logger)
    }

    /// Builds the application and runs it until SIGTERM or SIGINT, then shuts down gracefully.
    public static func serve(configuration: ServerConfiguration, directory: any AccountDirectory,
                             stores: any TenantStoreProvider, keyFolder: String, admin: AdminBootstrap?,
                             onServerRunning: @escaping @Sendable (Int) async -> Void) async throws {
        let app = try await make(configuration: configuration, directory: directory, stores: stores, keyFolder: keyFolder,
                                 admin: admin, onServerRunning: onServerRunning)
        try await app.runService()
    }

    /// Creates the first admin from the given credentials when the directory has no admin.
    /// Without credentials and without an admin, the server starts and says how to make one.
    static func bootstrap(_ admin: AdminBootstrap?, directory: any AccountDirectory, hasher: PasswordHasher,
                          logger: Logger) async throws {
        guard try await blocking({ try directory.hasAdmin() }) == false else { return }
        guard let admin else {
            logger.warning("No admin account exists: set DATACOLLECT_ADMIN_EMAIL and DATACOLLECT_ADMIN_PASSWORD, or run datacollect user add.")
            return
        }
        _ = try await AccountCreation(hasher: hasher)
            .create(email: admin.email, password: admin.password, role: .admin, tenants: [], in: directory)
        logger.notice("Created the first admin account from the environment.")
    }
}
