/// Entities partitioned into connected components (union–find): two entities are in one
/// component when some event links them.
struct ComponentPartition {
    private var parent: [String: String] = [:]

    /// Puts all of these entities in one component.
    mutating func link<S: Sequence<String>>(_ guids: S) {
        var iterator = guids.makeIterator()
        guard let first = iterator.next() else { return }
        let root = find(first)
        while let next = iterator.next() {
            let other = find(next)
            if other != root { parent[other] = root }
        }
    }

    /// The representative of the entity's component (the entity itself when it is alone).
    mutating func find(_ guid: String) -> String {
        var root = guid
        while let next = parent[root], next != root { root = next }
        var current = guid
        while let next = parent[current], next != root {  // path compression
            parent[current] = root
            current = next
        }
        if parent[guid] == nil { parent[guid] = guid }
        return root
    }
}
