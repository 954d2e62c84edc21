import DataCollectIntegrity

/// The streaming part of verification: one pass over a log's records in `seq` order.
///
/// Each record first takes a fast path that works on the stored bytes: the canonical JSON of
/// the record's values is split into members (``CanonicalMembers``) and every commitment is
/// hashed from those bytes, the leaf input is written directly (``LeafInputBuilder``), hashes
/// are compared as ``Hash256``. Any record the fast path cannot vouch for — a failure, a
/// redaction, stored text that is not canonical at its top level — goes through ``checkSlowly``,
/// which applies the checks one by one in their documented order and names the first that
/// fails. Both paths accept exactly the same records: the stored bytes must be those that
/// were sealed.
struct LogScan {
    let log: LogName
    var redactionsBySeq: [Int64: [String: Redaction]] = [:]
    let wantedSizes: Set<UInt64>

    var accumulator = MerkleAccumulator()
    var chain = Hash256.zero
    var rootsAtSize: [UInt64: [UInt8]] = [:]
    var records = 0
    var fields = 0
    /// How many records the fast path vouched for (the rest went through ``checkSlowly``).
    private(set) var recordsCheckedQuickly = 0
    var redactedByRun: [String: Int] = [:]
    var failure: IntegrityReport.Failure?
    /// The first stored Merkle node that differs from (or is missing for) the node recomputed
    /// from the leaves. Reported only once every record verifies, as before.
    var treeMismatch: (level: Int, index: UInt64)?
    /// Whether a stored node compared was not hex at all (a damaged store, once every record verifies).
    var treeCorrupted = false

    /// How many header keys a record has, and where the guid is among them.
    private let keyCount: Int
    private let guidKey: Int
    /// The record-local part of the fast path, and the slow path's leaf inputs and commitments.
    private var hasher: RecordLeafHasher
    // Scratch space reused from record to record.
    private var members: [CanonicalMember] = []

    init(log: LogName, redactions: [Redaction], wantedSizes: Set<UInt64>) {
        self.log = log
        self.wantedSizes = wantedSizes
        for redaction in redactions { redactionsBySeq[redaction.recordSeq, default: [:]][redaction.field] = redaction }
        if wantedSizes.contains(0) { rootsAtSize[0] = MerkleHashing.emptyRoot }
        keyCount = LeafHeader.keys(of: log).count
        guidKey = LeafHeader.keys(of: log).firstIndex(of: "guid") ?? 0
        hasher = RecordLeafHasher(log: log, redactedSeqs: Set(redactionsBySeq.keys))
        members.reserveCapacity(64)
    }

    /// A hasher for another thread to vouch for records ahead of ``check(_:vouched:)``, with
    /// this scan's redactions.
    func makeHasher() -> RecordLeafHasher {
        RecordLeafHasher(log: log, redactedSeqs: Set(redactionsBySeq.keys))
    }

    mutating func fail(_ kind: IntegrityReport.Failure.Kind, seq: Int64?, guid: String?, _ message: String) {
        guard failure == nil else { return }
        failure = IntegrityReport.Failure(log: log, kind: kind, seq: seq, guid: guid, message: message)
    }

    /// Checks a page of records in order, stopping at the first failure, and compares the
    /// stored Merkle nodes their leaves complete. `vouched[k]`, for the first records, is what
    /// a ``RecordLeafHasher`` of ``makeHasher()`` found for record k on another thread (nil:
    /// it did not vouch); the others are hashed here.
    mutating func check(_ page: SealedPage, vouched: [RecordLeafHasher.Vouched?] = []) throws {
        try page.bytes.withUnsafeBufferPointer { base in
            for position in page.records.indices {
                guard failure == nil else { return }
                let quick = position < vouched.count ? vouched[position] : hasher.vouch(for: page, position, base)
                if let quick, let link = nextLink(page.records[position], leafHash: quick.leafHash, base) {
                    fields += quick.fields
                    recordsCheckedQuickly += 1
                    append(leafHash: quick.leafHash, link: link, page: page, base: base)
                } else {
                    try checkSlowly(page, position, base)
                }
            }
        }
        checkNodeCounts(page)
    }

    /// Notes a level where the page holds more stored nodes than its leaves complete. The
    /// records' appends compared every node they complete, by position; a stray row the range
    /// read returned after a level's last node (an index such as 1.5) is seen only here.
    private mutating func checkNodeCounts(_ page: SealedPage) {
        guard failure == nil, treeMismatch == nil else { return }
        let end = page.firstLeafIndex + UInt64(page.count)
        for level in StoredMerkleLevels.lowest..<max(StoredMerkleLevels.lowest, page.nodeLevels.count - 1) {
            let stored = page.nodeLevels[level + 1] - page.nodeLevels[level]
            let completed = Int((end >> UInt64(level)) - (page.firstLeafIndex >> UInt64(level)))
            if stored > completed {
                treeMismatch = (level, page.nodes[page.nodeLevels[level] + completed].index)
                return
            }
        }
    }

    /// The chain link after a record the hasher vouched for, when its leaf is the next of the
    /// log and its stored chain hash is that link; nil sends the record to ``checkSlowly``.
    private func nextLink(_ record: SealedPage.Record, leafHash: Hash256, _ base: UnsafeBufferPointer<UInt8>) -> Hash256? {
        guard let leaf = record.leaf, leaf.index == accumulator.size else { return nil }
        let link = Hash256.chainLink(previous: chain, leafHash: leafHash)
        guard HexText.matches(UnsafeBufferPointer(rebasing: base[leaf.chainHash.range]), link) else { return nil }
        return link
    }

    /// Every check on one record, in order, naming the first that fails.
    private mutating func checkSlowly(_ page: SealedPage, _ position: Int, _ base: UnsafeBufferPointer<UInt8>) throws {
        let record = page.records[position]
        let guid = page.string(page.header[position * keyCount + guidKey])
        func fail(_ kind: IntegrityReport.Failure.Kind, _ message: String) {
            self.fail(kind, seq: record.seq, guid: guid, message)
        }
        // What cannot be read at all is a damaged store, as when these rows are read for any use.
        let (values, canonical) = try storedValues(page, record, guid: guid)
        let storedLeaf = try record.leaf.map { leaf in
            guard let leafHash = HexText.decodeBytes(UnsafeBufferPointer(rebasing: base[leaf.leafHash.range])),
                  let chainHash = HexText.decodeBytes(UnsafeBufferPointer(rebasing: base[leaf.chainHash.range])),
                  let seals = StoredSeals.seals(parsing: page.array(leaf.seals))
            else { throw corrupted("log_leaves", String(record.seq)) }
            return (index: leaf.index, leafHash: leafHash, chainHash: chainHash, seals: seals)
        }

        guard let leaf = storedLeaf else {
            return fail(.missingLeaf, "The record has no leaf in the log: it was inserted outside datacollect.")
        }
        guard leaf.index == accumulator.size else {
            return fail(.orderChanged, "The record holds leaf \(leaf.index) where leaf \(accumulator.size) was expected: records were deleted, inserted or reordered.")
        }
        let seals = Dictionary(leaf.seals.map { ($0.field, (salt: $0.salt, commitment: $0.commitment)) }, uniquingKeysWith: { first, _ in first })
        let redactions = redactionsBySeq[record.seq] ?? [:]
        for (field, value) in values.sorted(by: { $0.key < $1.key }) {
            fields += 1
            guard let seal = seals[field] else {
                return fail(.fieldAdded, "The field \"\(field)\" has no commitment: it was added after the record was sealed.")
            }
            if redactions[field] != nil {
                return fail(.redactionMismatch, "The field \"\(field)\" is recorded as redacted but its value is present.")
            }
            guard let salt = seal.salt, hasher.commitment(salt: salt, key: field, value: value).bytes == seal.commitment else {
                return fail(.valueChanged, "The value, salt or commitment of the field \"\(field)\" was changed.")
            }
        }
        if !canonical {
            return fail(.valueChanged, "The record's values are not stored as the canonical JSON they were sealed as: they were rewritten.")
        }
        let present = Set(values.map(\.key))
        for field in leaf.seals.map(\.field) where !present.contains(field) {
            guard seals[field]?.salt == nil, let redaction = redactions[field] else {
                return fail(.unrecordedRedaction, "The field \"\(field)\" was removed without a redaction record.")
            }
            redactedByRun[redaction.policyRun, default: 0] += 1
        }
        for field in redactions.keys where seals[field] == nil {
            return fail(.redactionMismatch, "A redaction record names the field \"\(field)\", which the record never had.")
        }
        let leafHash = hasher.leafHash(commitments: leaf.seals, page, position, base)
        guard leaf.leafHash == leafHash.bytes else {
            return fail(.leafChanged, "The record's header or commitments no longer give its leaf hash: a header field (ids, type, times, author) or a commitment was changed.")
        }
        let link = Hash256.chainLink(previous: chain, leafHash: leafHash)
        guard leaf.chainHash == link.bytes else {
            return fail(.chainBroken, "The hash chain breaks at this record: an earlier record was removed or the chain was rewritten.")
        }
        append(leafHash: leafHash, link: link, page: page, base: base)
    }

    /// The record's values as (field, bytes taken as the value's JCS), and whether the stored
    /// text is canonical at its top level. Text that is not JSON at all is a damaged store, as
    /// when the row is read for any other purpose.
    private mutating func storedValues(_ page: SealedPage, _ record: SealedPage.Record, guid: String) throws
        -> (values: [(key: String, value: [UInt8])], canonical: Bool) {
        let text = page.array(record.values)
        let parsed: JSONValue
        do {
            parsed = try JSONParser.parse(text)
        } catch {
            throw corrupted(log == .events ? "events" : "audit_log", guid)
        }
        if text.withUnsafeBufferPointer({ CanonicalMembers.scan($0, into: &members) }) {
            return (members.map { (String(decoding: text[$0.key], as: UTF8.self), Array(text[$0.value])) }, true)
        }
        let values: [(key: String, value: [UInt8])]
        switch parsed {
        case .object(let object):
            values = object.map { ($0.key, $0.value.canonicalBytes) }
        default:
            // An audit entry whose changes are not an object is committed as the single field "value".
            guard log == .audit else { throw corrupted("events", guid) }
            values = [("value", parsed.canonicalBytes)]
        }
        return (values, parsed.canonicalBytes == text)
    }

    /// The error of a row that cannot be read (as the store reports it when reading rows).
    func corrupted(_ table: String, _ key: String) -> DataCollectError {
        DataCollectError(.storeCorrupted, field: table,
                         message: "A row of the \(table) table (guid \(key)) cannot be read; the database file was changed outside datacollect.")
    }

    /// Takes a verified leaf into the chain and the tree, comparing each perfect node it
    /// completes with the one the page holds from the store.
    private mutating func append(leafHash: Hash256, link: Hash256, page: SealedPage, base: UnsafeBufferPointer<UInt8>) {
        chain = link
        var mismatch = treeMismatch
        var corrupted = treeCorrupted
        accumulator.append(leafHash) { level, index, hash in
            // Level 0 is the leaf hash, already compared with the stored leaf; levels 1 to 3
            // are not stored (``StoredMerkleLevels``).
            guard StoredMerkleLevels.isStored(level: level), mismatch == nil || !corrupted else { return }
            switch Self.storedNode(page, base, level: level, index: index, matches: hash) {
            case true?: break
            case false?: if mismatch == nil { mismatch = (level, index) }
            case nil: corrupted = true
            }
        }
        treeMismatch = mismatch
        treeCorrupted = corrupted
        records += 1
        if wantedSizes.contains(accumulator.size) { rootsAtSize[accumulator.size] = accumulator.root }
    }

    /// Whether the page holds exactly `hash` for node (`level`, `index`) of its ranges: false if
    /// it differs or is missing, nil if the stored text is not hex.
    private static func storedNode(_ page: SealedPage, _ base: UnsafeBufferPointer<UInt8>, level: Int, index: UInt64,
                                   matches hash: Hash256) -> Bool? {
        guard level + 1 < page.nodeLevels.count else { return false }
        let start = page.nodeLevels[level]
        let offset = index &- (page.firstLeafIndex >> UInt64(level))
        guard offset < UInt64(page.nodeLevels[level + 1] - start) else { return false }
        let node = page.nodes[start + Int(offset)]
        guard node.index == index else { return false }
        switch HexText.decodeHash(UnsafeBufferPointer(rebasing: base[node.hash.range])) {
        case .hash(let stored)?: return stored == hash
        case .otherLength?: return false
        case nil: return nil
        }
    }

    mutating func checkCheckpoint(note: String, claimedSize: UInt64, claimedRoot: [UInt8],
                                  verifier: NoteVerifier?, source: String) {
        guard let verifier else {
            return fail(.noVerifierKey, seq: nil, guid: nil,
                        "There is no verifier key to check \(source) with; give one with --verifier-key.")
        }
        let parsed: (SignedNote, Checkpoint)
        do {
            let signed = try SignedNote(parsing: note)
            try verifier.verify(signed)
            parsed = (signed, try Checkpoint(body: signed.text))
        } catch {
            return fail(.badSignature, seq: nil, guid: nil, "The signature of \(source) does not verify: \(error)")
        }
        let checkpoint = parsed.1
        guard checkpoint.size == claimedSize, checkpoint.rootHash == claimedRoot else {
            return fail(.checkpointMismatch, seq: nil, guid: nil, "The stored size or root of \(source) differs from its signed text.")
        }
        guard checkpoint.size <= accumulator.size else {
            return fail(.checkpointBeyondLog, seq: nil, guid: nil,
                        "\(source.prefix(1).uppercased() + source.dropFirst()) covers \(checkpoint.size) records but the log holds \(accumulator.size): the log was truncated or restored from an older copy.")
        }
        guard rootsAtSize[checkpoint.size] == checkpoint.rootHash else {
            return fail(.checkpointMismatch, seq: nil, guid: nil,
                        "The log's first \(checkpoint.size) records do not give the root signed in \(source).")
        }
    }
}
