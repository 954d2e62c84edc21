public import DataCollectIntegrity

/// A record (or a whole archive member) that did not land, with where and why.
public struct ImportProblem: Sendable, Hashable {
    /// Reason codes for problems found while reading, beside the validation codes of
    /// `DataCollectError` (`INVALID_FORM`, `INVALID_JSON`, …).
    public enum Code {
        public static let recordTooLarge = "RECORD_TOO_LARGE"
        public static let malformedStructure = "MALFORMED_STRUCTURE"
        public static let emptyFile = "EMPTY_FILE"
        public static let fileNotFound = "FILE_NOT_FOUND"
        public static let unreadableArchive = "ARCHIVE_UNREADABLE"
        public static let corruptArchive = "ARCHIVE_CORRUPT"
        public static let unsafePath = "UNSAFE_PATH"
        public static let symbolicLink = "SYMBOLIC_LINK"
        public static let unsupportedMember = "UNSUPPORTED_MEMBER"
        public static let expandedTooLarge = "ARCHIVE_TOO_LARGE"
        public static let compressionBomb = "COMPRESSION_BOMB"
        public static let nestedArchive = "NESTED_ARCHIVE"
        public static let duplicateEventGuid = "DUPLICATE_EVENT_GUID"
    }

    public var location: RecordLocation
    public var code: String
    public var field: String?
    public var message: String

    public init(location: RecordLocation, code: String, field: String? = nil, message: String) {
        self.location = location
        self.code = code
        self.field = field
        self.message = message
    }

    public var description: String {
        "\(location): \(code)" + (field.map { " (\($0))" } ?? "") + ": \(message)"
    }
}
