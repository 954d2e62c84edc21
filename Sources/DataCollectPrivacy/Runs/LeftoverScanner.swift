public import DataCollectCore
import DataCollectIntegrity
import Foundation

/// One value or pattern found where it must not be.
public struct LeftoverFinding: Sendable, Hashable, CustomStringConvertible {
    public var file: String
    public var line: Int
    /// What matched: `value of data field phone`, or `pattern national-id`. Never the value.
    public var rule: String

    public var description: String { "\(file):\(line): \(rule)" }
}

/// Looks for leftovers in an anonymized release: every original value of the fields a profile
/// does not release as they are (direct identifiers: redacted, replaced, masked, pseudonymized,
/// hashed or dropped fields, and the fields it does not name when it drops them), taken from the
/// store — current state and every event —, and the policy's declared patterns.
public struct LeftoverScanner {
    /// Values shorter than this are not searched (they match everywhere: "f", "12").
    public static let minimumLength = 4
    private var values: [[UInt8]: String] = [:]
    private var byPrefix: [UInt32: [[UInt8]]] = [:]
    private let patterns: [(name: String, regex: NSRegularExpression)]

    public init(profile: AnonymizationProfile, policy: PrivacyPolicy, store: any DataStore) throws {
        let named = Set(profile.fields.map(\.field))
        let released = Set(profile.fields.filter { rule in
            switch rule.op {
            case .keep, .generalizeDate, .generalizeNumber, .bucket, .generalizeHierarchy, .dateShift, .round: true
            case .redact, .replace, .mask, .pseudonymize, .hash, .drop: false
            }
        }.map(\.field))
        let isIdentifier: (String) -> Bool = { field in
            named.contains(field) ? !released.contains(field) : profile.otherFields != .keep
        }
        var found: [[UInt8]: String] = [:]
        func collect(_ data: [String: JSONValue]) {
            for (field, value) in data {
                if field == "members", let members = value.arrayValue {
                    for member in members { member.objectValue.map(collect) }
                    continue
                }
                guard isIdentifier(field), !["guid", "type"].contains(field) else { continue }
                let text: String
                switch value {
                case .string(let string): text = string
                case .number(let number): text = JSONValue.number(number).canonicalString
                default: continue
                }
                let bytes = Array(text.utf8)
                if bytes.count >= Self.minimumLength { found[bytes] = field }
            }
        }
        try store.read { transaction in
            try transaction.forEachRecord { collect($0.entity.data) }
            var cursor: Int64 = 0
            while true {
                let page = try transaction.events(afterSeq: cursor, limit: 5_000)
                guard let last = page.last else { break }
                for stored in page { collect(stored.event.data) }
                cursor = last.seq
            }
        }
        values = found
        for value in found.keys { byPrefix[Self.prefix(value, 0), default: []].append(value) }
        patterns = try policy.leftoverPatterns.map { pattern in
            (pattern.name, try NSRegularExpression(pattern: pattern.regex))
        }
    }

    public var valueCount: Int { values.count }

    /// The findings in one line of a file.
    public func scan(file: String, line: Int, bytes: [UInt8]) -> [LeftoverFinding] {
        var findings: Set<LeftoverFinding> = []
        if bytes.count >= Self.minimumLength {
            for start in 0...(bytes.count - Self.minimumLength) {
                guard let candidates = byPrefix[Self.prefix(bytes, start)] else { continue }
                for value in candidates where start + value.count <= bytes.count
                    && bytes[start..<(start + value.count)].elementsEqual(value) {
                    findings.insert(LeftoverFinding(file: file, line: line, rule: "value of data field \(values[value] ?? "?")"))
                }
            }
        }
        let text = String(decoding: bytes, as: UTF8.self)
        for pattern in patterns where pattern.regex.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) != nil {
            findings.insert(LeftoverFinding(file: file, line: line, rule: "pattern \(pattern.name)"))
        }
        return findings.sorted { $0.rule < $1.rule }
    }

    private static func prefix(_ bytes: [UInt8], _ start: Int) -> UInt32 {
        UInt32(bytes[start]) << 24 | UInt32(bytes[start + 1]) << 16 | UInt32(bytes[start + 2]) << 8 | UInt32(bytes[start + 3])
    }
}
