import Yams

/// The `profiles` section: anonymization profiles and their privacy models.
extension PolicyInterpreter {
    /// The names the profiles declare, even of profiles with problems, so a reference to one of
    /// them is not reported as a second, confusing problem.
    func declaredProfileNames(_ value: YAMLLocatedNode) -> Set<String> {
        guard case .sequence(let items) = value.node else { return [] }
        return Set(items.compactMap { item in item.mapping?["name"].flatMap { YAMLNodeReader.isText($0) ? $0.string : nil } })
    }

    func profiles(_ value: YAMLLocatedNode, keys: Set<String>) -> [AnonymizationProfile]? {
        guard let items = reader.list(value, expected: "a list of anonymization profiles", allowEmpty: true) else { return nil }
        let profiles = items.map { profile($0, keys: keys) }
        checkUnique(items, what: "profile")
        return profiles.contains(nil) ? nil : profiles.compactMap { $0 }
    }

    private func profile(_ item: YAMLLocatedNode, keys: Set<String>) -> AnonymizationProfile? {
        guard let fields = reader.mapping(item, expected: "a profile",
                                          allowed: ["name", "otherFields", "fields", "kAnonymity", "lDiversity"],
                                          required: [
                                              YAMLRequiredKey("name", "a unique name for the profile, such as public-release"),
                                              YAMLRequiredKey("fields", "an operator for each data field, such as phone: {op: redact}"),
                                          ])
        else { return nil }
        let name = fields["name"].flatMap { reader.text($0, expected: "a profile name (text)") }
        var otherFields = UnnamedFieldHandling.drop
        var failed = false
        if let node = fields["otherFields"] {
            if let text = reader.text(node, expected: "drop, keep or error") {
                if let handling = UnnamedFieldHandling(rawValue: text) {
                    otherFields = handling
                } else {
                    diagnostics.report(node, "\"\(YAMLNodeReader.shortened(text))\" is not a choice; expected drop (the default), keep or error")
                    failed = true
                }
            } else {
                failed = true
            }
        }
        var declared: [String: AnonymizationOperator?] = [:]
        var rules: [FieldRule] = []
        if let node = fields["fields"], let pairs = reader.pairs(node, expected: "a mapping of data fields to operators, such as phone: {op: redact}") {
            if pairs.isEmpty { diagnostics.report(node, "a profile needs at least one field, such as phone: {op: redact}") }
            for pair in pairs {
                let op = fieldOperator(pair.value, keys: keys)
                declared[pair.key] = .some(op)
                if let op { rules.append(FieldRule(field: pair.key, op: op)) } else { failed = true }
            }
            failed = failed || pairs.isEmpty
        } else {
            failed = true
        }
        let kAnonymity = fields["kAnonymity"].map { kAnonymityModel($0, declared: declared) }
        let lDiversity = fields["lDiversity"].map { lDiversityModel($0, declared: declared, otherFields: otherFields, kAnonymity: kAnonymity ?? nil) }
        if let node = fields["lDiversity"], fields["kAnonymity"] == nil {
            diagnostics.report(node, "l-diversity is measured within the groups k-anonymity makes; add kAnonymity to this profile")
            failed = true
        }
        guard !failed, let name, kAnonymity.map({ $0 != nil }) ?? true, lDiversity.map({ $0 != nil }) ?? true else { return nil }
        return AnonymizationProfile(name: name, fields: rules, otherFields: otherFields,
                                    kAnonymity: kAnonymity ?? nil, lDiversity: lDiversity ?? nil)
    }

    private func kAnonymityModel(_ value: YAMLLocatedNode, declared: [String: AnonymizationOperator?]) -> KAnonymityModel? {
        guard let fields = reader.mapping(value, expected: "a k-anonymity model", allowed: ["quasiIdentifiers", "k", "maxSuppression"],
                                          required: [
                                              YAMLRequiredKey("quasiIdentifiers", "the fields an outsider could link, such as [dateOfBirth, village, sex]"),
                                              YAMLRequiredKey("k", "the smallest group size allowed, at least 2"),
                                          ])
        else { return nil }
        let k = fields["k"].flatMap {
            reader.integer($0, expected: "k, a whole number of at least 2 (every released subject shares its quasi-identifiers with at least k-1 others)",
                           range: 2...Int.max)
        }
        var maxSuppression = 0.0
        var failed = false
        if let node = fields["maxSuppression"] {
            let share = reader.number(node, expected: "a share between 0 and 1, such as 0.05 for 5%")
            if let share, !(0...1).contains(share) {
                diagnostics.report(node, "\(YAMLNodeReader.describe(node.node)) is out of range; expected a share between 0 and 1, such as 0.05 for 5%")
            }
            if let share, (0...1).contains(share) { maxSuppression = share } else { failed = true }
        }
        var quasiIdentifiers: [String]?
        if let node = fields["quasiIdentifiers"], let items = reader.list(node, expected: "a list of field names") {
            quasiIdentifiers = []
            for item in items {
                guard let field = reader.text(item, expected: "a field name (text)") else { quasiIdentifiers = nil; continue }
                if quasiIdentifiers?.contains(field) == true {
                    diagnostics.report(item, "\"\(YAMLNodeReader.shortened(field))\" is listed twice")
                    failed = true
                } else if let problem = Self.notReleased(field, declared: declared) {
                    diagnostics.report(item, problem + ", so it cannot be a quasi-identifier; every quasi-identifier needs "
                                       + "an operator in fields that releases it (generalize, bucket, round or keep, say)")
                    failed = true
                }
                quasiIdentifiers?.append(field)
            }
        }
        guard !failed, let k, let quasiIdentifiers else { return nil }
        return KAnonymityModel(quasiIdentifiers: quasiIdentifiers, k: k, maxSuppression: maxSuppression)
    }

    private func lDiversityModel(_ value: YAMLLocatedNode, declared: [String: AnonymizationOperator?], otherFields: UnnamedFieldHandling,
                                 kAnonymity: KAnonymityModel?) -> LDiversityModel? {
        guard let fields = reader.mapping(value, expected: "an l-diversity model", allowed: ["sensitiveAttribute", "l"],
                                          required: [
                                              YAMLRequiredKey("sensitiveAttribute", "the field whose values must vary within each group"),
                                              YAMLRequiredKey("l", "how many distinct values each group needs, at least 2"),
                                          ])
        else { return nil }
        let l = fields["l"].flatMap {
            reader.integer($0, expected: "l, a whole number of at least 2 (distinct sensitive values in every group)", range: 2...Int.max)
        }
        guard let node = fields["sensitiveAttribute"], let attribute = reader.text(node, expected: "a field name (text)") else { return nil }
        if kAnonymity?.quasiIdentifiers.contains(attribute) == true {
            diagnostics.report(node, "\"\(YAMLNodeReader.shortened(attribute))\" is a quasi-identifier; the sensitive attribute must be another field")
            return nil
        }
        if otherFields != .keep || declared[attribute] != nil, let problem = Self.notReleased(attribute, declared: declared) {
            diagnostics.report(node, problem + ", so its diversity cannot be measured; give it an operator that releases it (keep, say)")
            return nil
        }
        guard let l else { return nil }
        return LDiversityModel(sensitiveAttribute: attribute, l: l)
    }

    /// Why `field` does not reach the released data, or nil when it does.
    private static func notReleased(_ field: String, declared: [String: AnonymizationOperator?]) -> String? {
        let name = "\"\(YAMLNodeReader.shortened(field))\""
        guard let entry = declared[field] else { return "\(name) is not a field of this profile" }
        switch entry {
        case .drop?: return "\(name) is dropped by this profile (op: drop)"
        case .redact?: return "\(name) is redacted by this profile (op: redact)"
        default: return nil
        }
    }
}
