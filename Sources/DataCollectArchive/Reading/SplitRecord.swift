/// One record cut out of a stream by ``RecordSplitter``: its bytes, or why it has none.
struct SplitRecord {
    enum Content {
        case bytes([UInt8])
        /// Larger than the limit: only the first bytes are kept, for the quarantine file.
        case tooLarge(size: Int, prefix: [UInt8])
        /// The stream's structure broke (an array element never closed, say).
        case malformed(reason: String, prefix: [UInt8])
    }

    var position: RecordLocation.Position
    var content: Content
}
