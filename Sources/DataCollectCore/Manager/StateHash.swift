import DataCollectIntegrity

/// The canonical state hash: SHA-256 over `[` entity₁ `,` entity₂ … `]`, each entity the RFC
/// 8785 canonical JSON of its wire form, in guid byte order. Streams; never holds all entities.
///
/// Reproduce with the shell: `datacollect entities --db F --format json | jq -c ...` is not
/// canonical; use `datacollect state-hash`.
public struct StateHash {
    private var hasher = StreamingSHA256()
    /// How many entities were added.
    public private(set) var count = 0

    public init() {
        hasher.update(Array("[".utf8))
    }

    /// Adds the next entity's canonical JSON (entities come in guid byte order).
    public mutating func add(canonical bytes: [UInt8]) {
        if count > 0 { hasher.update(Array(",".utf8)) }
        hasher.update(bytes)
        count += 1
    }

    /// The hex digest; the builder is spent.
    public consuming func finalize() -> String {
        hasher.update(Array("]".utf8))
        return hasher.finalizeHex()
    }

    /// The hash of these entities, which must be in guid byte order.
    public static func compute(entities: [Entity]) -> String {
        var hash = StateHash()
        for entity in entities { hash.add(canonical: entity.jsonValue.canonicalBytes) }
        return hash.finalize()
    }

    /// The hash of a store's live entities.
    public static func compute(_ store: any EntityStore) throws -> String {
        var hash = StateHash()
        try store.forEachRecord { hash.add(canonical: $0.entity.jsonValue.canonicalBytes) }
        return hash.finalize()
    }
}
