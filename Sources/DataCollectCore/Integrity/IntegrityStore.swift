public import DataCollectIntegrity

/// What a store keeps for tamper evidence: field seals, log leaves with their chain, the
/// perfect Merkle nodes, signed checkpoints and redaction records.
///
/// The nodes of level 0 are the leaf hashes: a store keeps them once, with the leaves. Nodes of
/// levels 1 to 3 are not stored at all, and the rest are (``StoredMerkleLevels``): node reads
/// answer level 0 from the leaves and recompute levels 1 to 3 from the leaf hashes under them,
/// and ``saveMerkleNodes(_:log:)`` stores only levels from ``StoredMerkleLevels/lowest`` up.
public protocol IntegrityStore {
    func logHead(_ log: LogName) throws -> LogHead
    func seals(log: LogName, recordSeq: Int64) throws -> [FieldSeal]
    /// The seals of many records at once, by record `seq` (a record without a leaf is absent):
    /// a page of pulled events reads its seals in one query, not one per event.
    func seals(log: LogName, recordSeqs: [Int64]) throws -> [Int64: [FieldSeal]]
    /// Appends a record's leaf with the seals of its fields (kept together: one row per record).
    func appendLeaf(_ leaf: LogLeaf, seals: [FieldSeal], log: LogName) throws
    func leaf(log: LogName, recordSeq: Int64) throws -> LogLeaf?
    /// The leaves of many records at once, by record `seq` (a record without a leaf is absent):
    /// the proofs of a page of records look their leaves up in one query.
    func leaves(log: LogName, recordSeqs: [Int64]) throws -> [Int64: LogLeaf]
    /// Leaves with index ≥ `fromIndex`, in index order.
    func leaves(log: LogName, fromIndex: UInt64, limit: Int) throws -> [LogLeaf]
    /// A node of the log, at any level (read from the leaves below ``StoredMerkleLevels/lowest``);
    /// nil when the log does not have it.
    func merkleNode(log: LogName, level: Int, index: UInt64) throws -> [UInt8]?
    /// The nodes of one level with an index in `indexes` that the log has, in index order (one
    /// range read: the proofs of a page of neighbouring leaves share most of their nodes).
    func merkleNodes(log: LogName, level: Int, indexes: ClosedRange<UInt64>) throws -> [MerkleNode]
    /// Stores the given nodes of the stored levels (``StoredMerkleLevels``) and ignores the rest.
    func saveMerkleNodes(_ nodes: [MerkleNode], log: LogName) throws
    func save(_ checkpoint: StoredCheckpoint) throws
    /// Checkpoints of a log, oldest first.
    func checkpoints(log: LogName) throws -> [StoredCheckpoint]
    func save(_ redaction: Redaction) throws
    func redactions(log: LogName) throws -> [Redaction]
    /// Erases fields' values from the record and their salts from its seals, in one rewrite of
    /// each; the commitments stay. Fields the record does not have are ignored.
    func eraseFields(_ fields: [String], log: LogName, recordSeq: Int64) throws
    /// Fills `page` (emptied first, its storage reused) with the records whose `seq` is greater
    /// than `afterSeq`, in seq order and as stored now (at most `limit`), with their leaves (and
    /// the seals kept with each leaf), and with the stored Merkle nodes their leaves complete: for each level of
    /// ``SealedPage/nodeRanges(firstLeaf:endLeaf:)`` (`endLeaf` = `firstLeafIndex` + the
    /// number of records), the nodes stored at that level with an index in the range, in
    /// index order — none below ``StoredMerkleLevels/lowest``: level 0 is the leaf hashes of the
    /// records' leaves, and levels 1 to 3 are not stored.
    /// Record k of the page should hold leaf `firstLeafIndex + k`: a store may read leaves as
    /// that index range, but each record must get the leaf stored for its own seq.
    func readSealedPage(log: LogName, afterSeq: Int64, firstLeafIndex: UInt64, limit: Int, into page: inout SealedPage) throws
    /// How many Merkle nodes the store holds as rows for a log, all stored levels together.
    func merkleNodeCount(log: LogName) throws -> Int
    /// A stored node of the log that lies outside the stored nodes of the tree of `size` leaves,
    /// as its level and index read as text (a tampered row may hold any value there): at a level
    /// below ``StoredMerkleLevels/lowest``, above the tree's top or not a whole number, or at an
    /// index below 0 or past its level's last node. Nil when there is none. Meant to be
    /// answered by index lookups, not by reading the nodes: the verifier compares every stored
    /// node inside the tree as it reads the leaves.
    func merkleNodeOutsideTree(log: LogName, size: UInt64) throws -> StrayMerkleNode?
    func recordCount(log: LogName) throws -> Int
}

/// A page of records as the verifier reads them, laid out flat so that reading a million
/// records allocates per page, not per record: every variable-length part — text as stored,
/// hashes as their stored hex, seals as their stored ``StoredSeals`` text — sits in ``bytes``,
/// and the entries point into it.
/// Nothing is decoded while reading: the verifier decodes, off the reading thread.
public struct SealedPage: Sendable {
    public var log: LogName
    /// The leaf index the first record should hold.
    public var firstLeafIndex: UInt64 = 0
    /// The stored bytes the spans point into.
    public var bytes: [UInt8] = []
    public var records: [Record] = []
    /// Each record's header values as stored text (unescaped UTF-8): ``LeafHeader/keys(of:)``
    /// in that order, `keys.count` spans per record, records in page order.
    public var header: [ByteSpan] = []
    /// The stored nodes of the page's node ranges: level `l`'s are
    /// `nodes[nodeLevels[l] ..< nodeLevels[l + 1]]`.
    public var nodes: [Node] = []
    public var nodeLevels: [Int] = []

    /// A record: its seq, its erasable part as stored and its leaf.
    public struct Record: Sendable, Hashable {
        public var seq: Int64
        /// The erasable part as stored: the JSON text of `events.data` or `audit_log.changes`.
        public var values: ByteSpan
        /// The leaf stored for this record's seq, wherever it is; nil if there is none.
        public var leaf: Leaf?

        public init(seq: Int64, values: ByteSpan, leaf: Leaf?) {
            self.seq = seq
            self.values = values
            self.leaf = leaf
        }
    }

    /// A leaf: its index, its leaf hash and chain hash as hex, and the record's seals as their
    /// stored ``StoredSeals`` text.
    public struct Leaf: Sendable, Hashable {
        public var index: UInt64
        public var leafHash: ByteSpan
        public var chainHash: ByteSpan
        public var seals: ByteSpan

        public init(index: UInt64, leafHash: ByteSpan, chainHash: ByteSpan, seals: ByteSpan) {
            self.index = index
            self.leafHash = leafHash
            self.chainHash = chainHash
            self.seals = seals
        }
    }

    /// A stored Merkle node of the page's ranges: its index and its hash as hex.
    public struct Node: Sendable, Hashable {
        public var index: UInt64
        public var hash: ByteSpan

        public init(index: UInt64, hash: ByteSpan) {
            self.index = index
            self.hash = hash
        }
    }

    public init(log: LogName) {
        self.log = log
    }

    public var count: Int { records.count }

    /// Empties the page for another read, keeping its storage.
    public mutating func reset(log: LogName, firstLeafIndex: UInt64) {
        self.log = log
        self.firstLeafIndex = firstLeafIndex
        bytes.removeAll(keepingCapacity: true)
        records.removeAll(keepingCapacity: true)
        header.removeAll(keepingCapacity: true)
        nodes.removeAll(keepingCapacity: true)
        nodeLevels.removeAll(keepingCapacity: true)
    }

    /// The Merkle nodes completed by appending leaves `firstLeaf ..< endLeaf` to a log of
    /// `firstLeaf` leaves: at level `l` (the position in the result), the indices
    /// `(firstLeaf >> l) ..< (endLeaf >> l)`.
    public static func nodeRanges(firstLeaf: UInt64, endLeaf: UInt64) -> [Range<UInt64>] {
        var ranges: [Range<UInt64>] = []
        var level: UInt64 = 0
        while level < 64, endLeaf >> level > 0 {
            ranges.append((firstLeaf >> level)..<(endLeaf >> level))
            level += 1
        }
        return ranges
    }

    /// The page's node ranges (``nodeRanges(firstLeaf:endLeaf:)`` for its records).
    public var nodeRanges: [Range<UInt64>] {
        Self.nodeRanges(firstLeaf: firstLeafIndex, endLeaf: firstLeafIndex + UInt64(records.count))
    }

    /// Starts the nodes of the next level; call once per range, then ``finishNodes()``.
    public mutating func startNodeLevel() {
        nodeLevels.append(nodes.count)
    }

    public mutating func finishNodes() {
        nodeLevels.append(nodes.count)
    }

    /// Appends bytes to ``bytes``; returns where they are.
    public mutating func append(_ source: UnsafeBufferPointer<UInt8>) -> ByteSpan {
        let span = ByteSpan(start: bytes.count, count: source.count)
        bytes.append(contentsOf: source)
        return span
    }

    public mutating func append(_ source: [UInt8]) -> ByteSpan {
        source.withUnsafeBufferPointer { append($0) }
    }

    public mutating func append(_ text: String) -> ByteSpan {
        var text = text
        return text.withUTF8 { append($0) }
    }

    /// The bytes of a span, as a new array.
    public func array(_ span: ByteSpan) -> [UInt8] {
        Array(bytes[span.range])
    }

    public func string(_ span: ByteSpan) -> String {
        String(decoding: bytes[span.range], as: UTF8.self)
    }
}

/// A stretch of ``SealedPage/bytes``.
public struct ByteSpan: Sendable, Hashable {
    public var start: Int
    public var count: Int

    public init(start: Int, count: Int) {
        self.start = start
        self.count = count
    }

    public var range: Range<Int> { start..<(start + count) }
}

/// A stored Merkle node outside its log's tree, as found by
/// ``IntegrityStore/merkleNodeOutsideTree(log:size:)``.
public struct StrayMerkleNode: Sendable, Hashable {
    /// The stored level and index, as text.
    public var level: String
    public var index: String

    public init(level: String, index: String) {
        self.level = level
        self.index = index
    }

    /// The highest level at which a tree of `size` leaves has a node (its largest perfect
    /// subtree); 0 when it has none above the leaves.
    public static func topLevel(size: UInt64) -> Int {
        size < 2 ? 0 : UInt64.bitWidth - 1 - size.leadingZeroBitCount
    }
}
