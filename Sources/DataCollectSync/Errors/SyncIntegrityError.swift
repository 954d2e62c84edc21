/// The server's log cannot be trusted: its checkpoint, its proofs or the events it sent do not
/// check out against what this client verified before. The sync stops before anything from the
/// round is applied; the client keeps its last verified checkpoint, so every later sync fails
/// the same way until someone looks (the server is never silently "healed" over).
///
/// The CLI maps it to exit code 3.
///
/// ```swift
/// do {
///     _ = try await sync.sync()
/// } catch let error as SyncIntegrityError where error.code == .logRolledBack {
///     // the server now shows fewer events than it signed before
/// }
/// ```
public struct SyncIntegrityError: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Code: String, Sendable, Hashable, CaseIterable {
        /// The checkpoint is signed by another key than the pinned one.
        case serverKeyChanged = "SERVER_KEY_CHANGED"
        /// The checkpoint note does not parse, or its signature does not verify.
        case invalidCheckpoint = "INVALID_CHECKPOINT"
        /// The checkpoint names another log than the one asked for (this tenant's events or audit log).
        case wrongLog = "WRONG_LOG"
        /// The new checkpoint covers fewer events than one verified before.
        case logRolledBack = "LOG_ROLLED_BACK"
        /// Same size as a verified checkpoint, different root: two histories.
        case logForked = "LOG_FORKED"
        /// The consistency proof does not show the old tree as a prefix of the new one.
        case logRewritten = "LOG_REWRITTEN"
        /// A pulled event's inclusion proof does not lead to the checkpoint's root.
        case eventNotInLog = "EVENT_NOT_IN_LOG"
        /// A pulled event's values do not match their sealed commitments.
        case eventAltered = "EVENT_ALTERED"
        /// A followed `redact-event` audit entry's inclusion proof does not lead to the audit
        /// log checkpoint's root: the server sent an erasure its signed log does not hold.
        case auditEntryNotInLog = "AUDIT_ENTRY_NOT_IN_LOG"
        /// A followed audit entry's values do not match their sealed commitments.
        case auditEntryAltered = "AUDIT_ENTRY_ALTERED"
        /// The server skipped events of its log (leaf indexes with a gap, or fewer events than leaves).
        case eventsWithheld = "EVENTS_WITHHELD"
        /// A pulled record or its proof is not in the sealed-record format.
        case malformedRecord = "MALFORMED_RECORD"
    }

    public var code: Code
    /// A sentence saying what was found; names sizes, seqs and field names, never values.
    public var message: String
    /// The server `seq` of the event concerned, when there is one.
    public var serverSeq: Int64?

    public init(_ code: Code, message: String, serverSeq: Int64? = nil) {
        self.code = code
        self.message = message
        self.serverSeq = serverSeq
    }

    public var description: String {
        let location = serverSeq.map { " (server seq \($0))" } ?? ""
        return "Integrity failure \(code.rawValue)\(location): \(message) Nothing from this sync round was applied."
    }
}
