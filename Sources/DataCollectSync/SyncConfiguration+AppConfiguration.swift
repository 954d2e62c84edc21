import DataCollectCore
public import DataCollectIntegrity

extension SyncConfiguration {
    /// The server's checkpoint verifier key carried by a tenant's app configuration (its
    /// `checkpointKey`, as `GET /api/apps/{id}` serves it), to pin before the first sync instead
    /// of trusting the key the server shows then.
    ///
    /// ```swift
    /// configuration.serverKey = try SyncConfiguration.pinnedServerKey(appConfiguration: config, tenant: "survey")
    /// ```
    /// - Throws: ``SyncError/invalidConfiguration(_:)`` when the configuration is for another
    ///   tenant, has no `checkpointKey`, or holds one that is not a verifier key.
    public static func pinnedServerKey(appConfiguration: JSONValue, tenant: String) throws(SyncError) -> String {
        guard let id = appConfiguration["id"]?.stringValue else {
            throw .invalidConfiguration("the app configuration has no id, so it cannot be matched with the tenant.")
        }
        guard id == tenant else {
            throw .invalidConfiguration("the app configuration is for the tenant \(id), not \(tenant).")
        }
        guard let key = appConfiguration["checkpointKey"]?.stringValue else {
            throw .invalidConfiguration(
                "the app configuration has no checkpointKey; download it again from the server (GET /api/apps/\(tenant)).")
        }
        do {
            _ = try NoteVerifier(verifierKey: key)
        } catch {
            throw .invalidConfiguration("the app configuration's checkpointKey is not a checkpoint verifier key: \(error).")
        }
        return key
    }
}
