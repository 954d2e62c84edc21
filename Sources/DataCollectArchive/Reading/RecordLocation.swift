public import DataCollectIntegrity

/// Where a record came from: the archive file, the member inside it, and the line (JSON
/// Lines) or the array index (JSON arrays, the existing system's export).
public struct RecordLocation: Sendable, Hashable, CustomStringConvertible {
    public enum Position: Sendable, Hashable {
        case line(Int)
        case index(Int)
        case wholeMember
    }

    public var archive: String
    /// Path of the member inside a tar or zip; nil for a plain (possibly compressed) file.
    public var member: String?
    public var position: Position

    public init(archive: String, member: String?, position: Position) {
        self.archive = archive
        self.member = member
        self.position = position
    }

    public var description: String {
        var text = archive
        if let member { text += "!" + member }
        switch position {
        case .line(let line): text += ":\(line)"
        case .index(let index): text += "[\(index)]"
        case .wholeMember: break
        }
        return text
    }

    public var jsonValue: JSONValue {
        var object: [String: JSONValue] = ["archive": .string(archive)]
        if let member { object["member"] = .string(member) }
        switch position {
        case .line(let line): object["line"] = .number(JSONNumber(line))
        case .index(let index): object["index"] = .number(JSONNumber(index))
        case .wholeMember: break
        }
        return .object(object)
    }
}
