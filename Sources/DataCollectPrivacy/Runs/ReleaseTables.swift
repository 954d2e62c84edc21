public import DataCollectCore
import DataCollectIntegrity
import Foundation

/// The files of an anonymized release: one CSV row per individual and per household (rows are
/// numbered, never keyed by guid), and `release.json` describing the policy, the profile and
/// the privacy models achieved. Suppressed cells are `*`.
public struct ReleaseTables: Sendable {
    public var files: [(path: String, bytes: [UInt8])] = []

    /// Built from what the anonymization already read: the store is not read again.
    public init(_ anonymization: ProfileAnonymization, policy: PrivacyPolicy, at time: EventTimestamp) {
        let individuals = anonymization.individuals
        let households = anonymization.households
        let householdRow = Dictionary(uniqueKeysWithValues: households.enumerated().map { ($1, "H\($0 + 1)") })
        let derived = anonymization.derived
        files.append(("individuals.csv", Self.csv(
            rows: individuals.enumerated().map { index, person in
                (["record": .string("R\(index + 1)"), "household": person.household.flatMap { householdRow[$0] }.map(JSONValue.string) ?? .null],
                 derived[person.guid] ?? [:])
            })))
        files.append(("households.csv", Self.csv(
            rows: households.map { guid in (["record": .string(householdRow[guid] ?? "")], derived[guid] ?? [:]) })))
        var description: [String: JSONValue] = [
            "policy": .string(policy.metadata.name), "version": .string(policy.metadata.version),
            "policySHA256": .string(policy.sourceSHA256), "profile": .string(anonymization.profile.name),
            "createdAt": .string(time.iso8601), "individuals": .number(JSONNumber(individuals.count)),
            "households": .number(JSONNumber(households.count)),
        ]
        if let model = anonymization.model, let k = anonymization.profile.kAnonymity {
            description["privacyModel"] = .object([
                "quasiIdentifiers": .array(k.quasiIdentifiers.map(JSONValue.string)), "k": .number(JSONNumber(k.k)),
                "achievedK": .number(JSONNumber(model.achievedK)), "achievedHouseholdK": .number(JSONNumber(model.achievedHouseholdK)),
                "l": anonymization.profile.lDiversity.map { .number(JSONNumber($0.l)) } ?? .null,
                "achievedL": model.achievedL.map { .number(JSONNumber($0)) } ?? .null,
                "suppressedSubjects": .number(JSONNumber(model.suppressedSubjects)),
                "suppressionMarker": .string(PrivacyModelResult.suppressionMarker),
            ])
        }
        files.append(("release.json", Array(JSONValue.object(description).prettyPrinted().utf8)))
    }

    /// A CSV with the fixed columns first, then every data field in name order.
    static func csv(rows: [(fixed: [String: JSONValue], values: [String: JSONValue])]) -> [UInt8] {
        let fixedColumns = rows.first.map { Array($0.fixed.keys).sorted { $0 == "record" || ($1 != "record" && $0 < $1) } } ?? ["record"]
        let fields = Set(rows.flatMap(\.values.keys)).sorted()
        var text = (fixedColumns + fields).map(cell).joined(separator: ",") + "\n"
        for row in rows {
            let cells = fixedColumns.map { row.fixed[$0].map(Self.text) ?? "" } + fields.map { row.values[$0].map(Self.text) ?? "" }
            text += cells.map(cell).joined(separator: ",") + "\n"
        }
        return Array(text.utf8)
    }

    static func text(_ value: JSONValue) -> String {
        switch value {
        case .string(let text): text
        case .null: ""
        default: value.canonicalString
        }
    }

    static func cell(_ text: String) -> String {
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
