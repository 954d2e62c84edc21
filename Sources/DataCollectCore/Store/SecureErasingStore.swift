/// A store that can remove erased values from its files for good: after a redaction or
/// erasure, no byte of the old value remains in free pages, journals or write-ahead logs.
public protocol SecureErasingStore {
    /// Rewrites the store's files without the space erased data occupied. Slow on big stores;
    /// run once after a policy run or an erasure, not after every change.
    func scrubErasedData() throws
}

extension InMemoryStore: SecureErasingStore {
    /// Nothing to do: erased values are gone with the copy-on-write state they lived in.
    public func scrubErasedData() throws {}
}
