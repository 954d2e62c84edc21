import DataCollectIntegrity

/// The canonical state hash: SHA-256 over `[` entity₁ `,` entity₂ … `]`, each entity the RFC
/// 8785 canonical JSON of its wire form, in guid byte order. Streams; never holds all entities.
///
/// Reproduce with the shell: `datacollect entities --db F --format json | jq -c ...` is not
/// canonical; use `datacollect state-hash`.
public enum StateHash {
    /// The hash of these entities, which must be in guid byte order.
    public static func compute(entities: [Entity]) -> String {
        var hasher = StreamingSHA256()
        hasher.update(Array("[".utf8))
        for (index, entity) in entities.enumerated() {
            if index > 0 { hasher.update(Array(",".utf8)) }
            hasher.update(entity.jsonValue.canonicalBytes)
        }
        hasher.update(Array("]".utf8))
        return hasher.finalizeHex()
    }

    public static func compute(_ store: any EntityStore) throws -> String {
        var hasher = StreamingSHA256()
        hasher.update(Array("[".utf8))
        var first = true
        try store.forEachRecord { record in
            if !first { hasher.update(Array(",".utf8)) }
            first = false
            hasher.update(record.entity.jsonValue.canonicalBytes)
        }
        hasher.update(Array("]".utf8))
        return hasher.finalizeHex()
    }
}
