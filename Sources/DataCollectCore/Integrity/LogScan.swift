import DataCollectIntegrity

/// The streaming part of verification: one pass over a log's records in `seq` order.
struct LogScan {
    let log: LogName
    var redactionsBySeq: [Int64: [String: Redaction]] = [:]
    let wantedSizes: Set<UInt64>

    var accumulator = MerkleAccumulator()
    /// Digest of every perfect node recomputed from the leaves.
    var nodes = MultisetDigest()
    var chain = HashChain.start
    var rootsAtSize: [UInt64: [UInt8]] = [:]
    var records = 0
    var fields = 0
    var redactedByRun: [String: Int] = [:]
    var failure: IntegrityReport.Failure?

    init(log: LogName, redactions: [Redaction], wantedSizes: Set<UInt64>) {
        self.log = log
        self.wantedSizes = wantedSizes
        for redaction in redactions { redactionsBySeq[redaction.recordSeq, default: [:]][redaction.field] = redaction }
        if wantedSizes.contains(0) { rootsAtSize[0] = MerkleHashing.emptyRoot }
    }

    mutating func fail(_ kind: IntegrityReport.Failure.Kind, seq: Int64?, guid: String?, _ message: String) {
        guard failure == nil else { return }
        failure = IntegrityReport.Failure(log: log, kind: kind, seq: seq, guid: guid, message: message)
    }

    mutating func fail(_ record: SealedRecord, _ kind: IntegrityReport.Failure.Kind, _ message: String) {
        fail(kind, seq: record.seq, guid: record.guid, message)
    }

    mutating func check(_ record: SealedRecord) {
        guard let leaf = record.leaf else {
            return fail(record, .missingLeaf, "The record has no leaf in the log: it was inserted outside datacollect.")
        }
        guard leaf.index == accumulator.size else {
            return fail(record, .orderChanged, "The record holds leaf \(leaf.index) where leaf \(accumulator.size) was expected: records were deleted, inserted or reordered.")
        }
        let redactions = redactionsBySeq[record.seq] ?? [:]
        var seals: [String: FieldSeal] = [:]
        for seal in record.seals { seals[seal.field] = seal }
        for (field, value) in record.values.sorted(by: { $0.key < $1.key }) {
            fields += 1
            guard let seal = seals[field] else {
                return fail(record, .fieldAdded, "The field \"\(field)\" has no commitment: it was added after the record was sealed.")
            }
            if redactions[field] != nil {
                return fail(record, .redactionMismatch, "The field \"\(field)\" is recorded as redacted but its value is present.")
            }
            guard let salt = seal.salt, FieldCommitment.compute(salt: salt, key: field, value: value) == seal.commitment else {
                return fail(record, .valueChanged, "The value, salt or commitment of the field \"\(field)\" was changed.")
            }
        }
        for seal in record.seals where record.values[seal.field] == nil {
            guard seal.salt == nil, let redaction = redactions[seal.field] else {
                return fail(record, .unrecordedRedaction, "The field \"\(seal.field)\" was removed without a redaction record.")
            }
            redactedByRun[redaction.policyRun, default: 0] += 1
        }
        for field in redactions.keys where seals[field] == nil {
            return fail(record, .redactionMismatch, "A redaction record names the field \"\(field)\", which the record never had.")
        }
        let commitments = Dictionary(uniqueKeysWithValues: record.seals.map { ($0.field, $0.commitment) })
        let leafHash = MerkleHashing.leafHash(LeafInput.bytes(log: log.rawValue, header: record.header, commitments: commitments))
        guard leafHash == leaf.leafHash else {
            return fail(record, .leafChanged, "The record's header or commitments no longer give its leaf hash: a header field (ids, type, times, author) or a commitment was changed.")
        }
        let link = HashChain.link(previous: chain, leafHash: leafHash)
        guard link == leaf.chainHash else {
            return fail(record, .chainBroken, "The hash chain breaks at this record: an earlier record was removed or the chain was rewritten.")
        }
        chain = link
        for node in accumulator.append(leafHash: leafHash) { nodes.insert(node) }
        records += 1
        if wantedSizes.contains(accumulator.size) { rootsAtSize[accumulator.size] = accumulator.root }
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
