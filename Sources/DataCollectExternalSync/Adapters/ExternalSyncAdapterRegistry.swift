public import AsyncHTTPClient

/// The adapters a server or a command can build, by `externalSync.type`. An unknown type is an
/// error that lists the known ones (the existing system silently loaded nothing).
///
/// ```swift
/// try await WebhookAdapter.withHTTPClient { client in
///     let adapter = try ExternalSyncAdapterRegistry.builtIn(httpClient: client).adapter(for: config)
///     return try await ExternalSyncManager(manager: manager, adapter: adapter).synchronize()
/// }
/// ```
public struct ExternalSyncAdapterRegistry: Sendable {
    public typealias Factory = @Sendable (ExternalSyncConfig) throws -> any ExternalSyncAdapter

    private var factories: [String: Factory] = [:]

    public init() {}

    /// `webhook` and `openspp` (also as `openspp-adapter`) over `httpClient` (owned by the
    /// caller), and `mock-sync-server`, which serves
    /// `mockServer` (or, when the configuration has an extra field `records`, those records).
    public static func builtIn(httpClient: HTTPClient, mockServer: MockSyncServer = MockSyncServer()) -> ExternalSyncAdapterRegistry {
        var registry = ExternalSyncAdapterRegistry()
        registry.register(WebhookAdapter.type) { config in try WebhookAdapter(configuration: config, client: httpClient) }
        registry.register(MockSyncServerAdapter.type) { config in try MockSyncServerAdapter(configuration: config, server: mockServer) }
        for type in [OpenSPPAdapter.type, OpenSPPAdapter.legacyType] {
            registry.register(type) { config in try OpenSPPAdapter(configuration: config, client: httpClient) }
        }
        return registry
    }

    /// Adds (or replaces) the factory for `type`.
    public mutating func register(_ type: String, factory: @escaping Factory) {
        factories[type] = factory
    }

    /// The registered types, sorted.
    public var types: [String] { factories.keys.sorted() }

    /// Builds the adapter the configuration names.
    public func adapter(for config: ExternalSyncConfig) throws -> any ExternalSyncAdapter {
        guard let factory = factories[config.type] else {
            throw ExternalSyncError(
                .unknownAdapterType, field: "externalSync.type",
                message: "No external sync adapter is registered for the type '\(config.type)'; known types: \(types.joined(separator: ", ")).")
        }
        return try factory(config)
    }
}
