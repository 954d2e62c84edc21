public import DataCollectIntegrity

/// What an import did: counts by outcome and rejections by reason, with the first problems.
public struct ImportSummary: Sendable, Hashable {
    public var archives: [String] = []
    public var read = 0
    public var appended = 0
    public var alreadyPresent = 0
    public var conflicts = 0
    public var rejectedByReason: [String: Int] = [:]
    /// Every problem, in the order met (also written to the quarantine file).
    public var problems: [ImportProblem] = []
    public var refoldedEntities = 0
    public var expandedBytes: Int64 = 0
    public var quarantinePath: String?

    public var rejected: Int { rejectedByReason.values.reduce(0, +) }
    /// True when every record landed or was already present and no member was refused.
    public var isClean: Bool { problems.isEmpty }

    public var jsonValue: JSONValue {
        [
            "archives": .array(archives.map(JSONValue.string)),
            "read": .number(JSONNumber(read)), "appended": .number(JSONNumber(appended)),
            "alreadyPresent": .number(JSONNumber(alreadyPresent)), "conflicts": .number(JSONNumber(conflicts)),
            "rejected": .number(JSONNumber(rejected)),
            "rejectedByReason": .object(rejectedByReason.mapValues { .number(JSONNumber($0)) }),
            "refoldedEntities": .number(JSONNumber(refoldedEntities)),
            "quarantine": quarantinePath.map(JSONValue.string) ?? .null,
            "problems": .array(problems.prefix(1_000).map { problem in
                var object: [String: JSONValue] = ["source": problem.location.jsonValue, "code": .string(problem.code),
                                                   "message": .string(problem.message)]
                if let field = problem.field { object["field"] = .string(field) }
                return .object(object)
            }),
        ]
    }

    /// The action of the audit entry every import run writes (read by the import report).
    public static let auditAction = "import"

    /// What the run's audit entry records: the archives (file names and sizes, never their
    /// folders), the counts, and the first problems with their locations and reason codes.
    /// Problems name fields, never values; the records themselves stay in the quarantine file.
    func auditDetails(archiveBytes: [Int64]) -> [String: JSONValue] {
        [
            "archives": .array(zip(archives, archiveBytes).map { path, bytes in
                ["name": .string(Self.fileName(path)), "bytes": .number(JSONNumber(Int(bytes)))]
            }),
            "read": .number(JSONNumber(read)), "appended": .number(JSONNumber(appended)),
            "alreadyPresent": .number(JSONNumber(alreadyPresent)), "conflicts": .number(JSONNumber(conflicts)),
            "rejected": .number(JSONNumber(rejected)),
            "rejectedByReason": .object(rejectedByReason.mapValues { .number(JSONNumber($0)) }),
            "refoldedEntities": .number(JSONNumber(refoldedEntities)),
            "quarantine": quarantinePath.map { .string(Self.fileName($0)) } ?? .null,
            "problems": .array(problems.prefix(Self.problemsAudited).map { problem in
                var object: [String: JSONValue] = ["source": problem.location.jsonValue, "code": .string(problem.code),
                                                   "message": .string(problem.message)]
                if let field = problem.field { object["field"] = .string(field) }
                return .object(object)
            }),
        ]
    }

    /// How many problems an import's audit entry lists (the quarantine file holds them all).
    static let problemsAudited = 100

    private static func fileName(_ path: String) -> String {
        path.split(separator: "/").last.map(String.init) ?? path
    }

    public var text: String {
        var lines = ["Read \(read) records from \(archives.count) archive(s): \(appended) appended, "
            + "\(alreadyPresent) already present, \(conflicts) conflicting, \(rejected) rejected."]
        if !rejectedByReason.isEmpty {
            lines.append("Rejected by reason: " + rejectedByReason.sorted { $0.key < $1.key }
                .map { "\($0.key) \($0.value)" }.joined(separator: ", "))
        }
        for problem in problems.prefix(20) { lines.append("  \(problem.description)") }
        if problems.count > 20 { lines.append("  … and \(problems.count - 20) more") }
        if let quarantinePath, !problems.isEmpty { lines.append("Every rejected record is in \(quarantinePath).") }
        return lines.joined(separator: "\n")
    }
}
