import DataCollectIntegrity

/// The part of a record's fast check that needs nothing but the record itself: its stored
/// values split into members (``CanonicalMembers``), every field commitment recomputed from
/// those bytes and compared with the stored one, the leaf input written (``LeafInputBuilder``)
/// and its hash compared with the stored leaf hash.
///
/// What it vouches for depends on the record alone, so any thread may run it on a page it
/// holds: the verifier's reading thread runs it ahead on records of a page not yet handed over
/// while the checking thread is busy (``ScanWorker``). The leaf's position, the chain link and
/// the tree depend on the records before; they stay with ``LogScan``, which also takes any
/// record this does not vouch for through its slow path.
struct RecordLeafHasher {
    /// A record this vouched for: its leaf hash (equal to the stored one) and its field count.
    struct Vouched: Sendable {
        let leafHash: Hash256
        let fields: Int
    }

    private let redactedSeqs: Set<Int64>
    private let quotedKeys: [[UInt8]]
    private let keyCount: Int
    private let logTail: [UInt8]
    // Scratch space reused from record to record.
    private var members: [CanonicalMember] = []
    private var sealSpans: [StoredSealSpan] = []
    private let scratch = ByteBuffer(capacity: 2048)
    private var builder = LeafInputBuilder()

    init(log: LogName, redactedSeqs: Set<Int64>) {
        self.redactedSeqs = redactedSeqs
        quotedKeys = LeafHeader.quotedKeys(of: log)
        keyCount = quotedKeys.count
        logTail = LeafInputBuilder.tail(log: log.rawValue)
        members.reserveCapacity(64)
        sealSpans.reserveCapacity(64)
    }

    /// The record's leaf hash when its stored bytes verify on their own with no redaction
    /// involved; nil when the record needs the slow path (which may still accept it).
    mutating func vouch(for page: SealedPage, _ position: Int, _ base: UnsafeBufferPointer<UInt8>) -> Vouched? {
        let record = page.records[position]
        guard let leaf = record.leaf, redactedSeqs.isEmpty || !redactedSeqs.contains(record.seq) else { return nil }
        let values = UnsafeBufferPointer(rebasing: base[record.values.range])
        let sealText = UnsafeBufferPointer(rebasing: base[leaf.seals.range])
        guard CanonicalMembers.scan(values, into: &members), StoredSealScan.scan(sealText, into: &sealSpans),
              members.count == sealSpans.count
        else { return nil }
        let rawValues = UnsafeRawBufferPointer(values)
        builder.start()
        for (member, seal) in zip(members, sealSpans) {
            // The values' keys are strictly increasing, so equal names in order mean the same set of fields.
            let field = UnsafeBufferPointer(rebasing: values[member.key])
            guard field.elementsEqual(sealText[seal.field]),
                  let computed = FieldCommitment.compute(
                      saltHex: UnsafeBufferPointer(rebasing: sealText[seal.salt]),
                      quotedKey: UnsafeRawBufferPointer(rebasing: rawValues[member.quotedKey]),
                      canonicalValue: UnsafeRawBufferPointer(rebasing: rawValues[member.value]), scratch: scratch),
                  builder.field(name: field, commitment: computed,
                                writtenAs: UnsafeBufferPointer(rebasing: sealText[seal.commitment]))
            else { return nil }
        }
        writeHeader(page, position, base)
        let leafHash = builder.leafHash
        guard HexText.matches(UnsafeBufferPointer(rebasing: base[leaf.leafHash.range]), leafHash) else { return nil }
        return Vouched(leafHash: leafHash, fields: members.count)
    }

    /// The leaf hash of the record at `position` with these commitments (the slow path's,
    /// read from the stored seals), whatever is stored as its leaf hash.
    mutating func leafHash(commitments seals: [FieldSeal], _ page: SealedPage, _ position: Int,
                           _ base: UnsafeBufferPointer<UInt8>) -> Hash256 {
        builder.start()
        // Fields in canonical order: by UTF-16 code units.
        for seal in seals.sorted(by: { $0.field.utf16.lexicographicallyPrecedes($1.field.utf16) }) {
            builder.field(name: seal.field, commitment: seal.commitment)
        }
        writeHeader(page, position, base)
        return builder.leafHash
    }

    /// The commitment of a value given as its canonical bytes.
    func commitment(salt: [UInt8], key: String, value: [UInt8]) -> Hash256 {
        let quotedKey = JSONValue.string(key).canonicalBytes
        return salt.withUnsafeBytes { salt in
            quotedKey.withUnsafeBytes { key in
                value.withUnsafeBytes { FieldCommitment.compute(salt: salt, quotedKey: key, canonicalValue: $0, scratch: scratch) }
            }
        }
    }

    /// Closes the fields and writes the header members and the end of the leaf input.
    private mutating func writeHeader(_ page: SealedPage, _ position: Int, _ base: UnsafeBufferPointer<UInt8>) {
        builder.startHeader()
        let first = position * keyCount
        for key in 0..<keyCount {
            builder.header(key: quotedKeys[key], value: UnsafeBufferPointer(rebasing: base[page.header[first + key].range]))
        }
        builder.finish(tail: logTail)
    }
}
