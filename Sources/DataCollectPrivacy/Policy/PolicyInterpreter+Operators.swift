import DataCollectIntegrity
import Yams

/// One field's operator in a profile: `phone: {op: redact}`, `name: {op: pseudonymize, key: pseudonym}`.
extension PolicyInterpreter {
    /// Each operator's options and which of them are required.
    static let operatorOptions: [(name: String, allowed: [String], required: [YAMLRequiredKey])] = [
        ("redact", [], []),
        ("replace", ["value"], [YAMLRequiredKey("value", "the value written instead, such as \"n/a\"")]),
        ("mask", ["keepFirst", "keepLast", "character"], []),
        ("pseudonymize", ["key", "prefix", "length"], [YAMLRequiredKey("key", "the name of a key in keys")]),
        ("hash", [], []),
        ("generalize", ["date", "width", "hierarchy", "levels"], []),
        ("bucket", ["buckets"], [YAMLRequiredKey("buckets", "a list of {min, max, label}")]),
        ("dateShift", ["maxDays", "key"], [YAMLRequiredKey("maxDays", "the largest shift in days, 1 to 3650"),
                                           YAMLRequiredKey("key", "the name of a key in keys")]),
        ("round", ["step"], [YAMLRequiredKey("step", "the multiple to round to, such as 0.1")]),
        ("drop", [], []),
        ("keep", [], []),
    ]

    static var operatorNames: String { operatorOptions.map(\.name).joined(separator: ", ") }

    func fieldOperator(_ value: YAMLLocatedNode, keys: Set<String>) -> AnonymizationOperator? {
        guard case .mapping(let mapping) = value.node else {
            diagnostics.report(value, "expected an operator such as {op: redact}, found \(YAMLNodeReader.describe(value.node))")
            return nil
        }
        guard let opNode = mapping["op"] else {
            diagnostics.report(line: value.line, column: value.column, key: YAMLLocatedNode.join(value.path, "op"),
                               "is missing; every field needs an operator, op: one of \(Self.operatorNames)")
            return nil
        }
        let opValue = value.child("op", opNode)
        guard let name = reader.text(opValue, expected: "an operator: one of \(Self.operatorNames)") else { return nil }
        guard let spec = Self.operatorOptions.first(where: { $0.name == name }) else {
            var message = "\"\(YAMLNodeReader.shortened(name))\" is not an operator"
            if let close = Self.operatorOptions.first(where: { YAMLNodeReader.isTypo($0.name, of: name) }) {
                message += " (did you mean \"\(close.name)\"?)"
            }
            diagnostics.report(opValue, message + "; expected one of \(Self.operatorNames)")
            return nil
        }
        guard let fields = reader.mapping(value, expected: "the \(name) operator", allowed: ["op"] + spec.allowed, required: spec.required)
        else { return nil }
        let options = fields.values.keys.filter { $0 != "op" }
        guard options.allSatisfy({ spec.allowed.contains($0) }), spec.required.allSatisfy({ fields[$0.name] != nil }),
              mapping.count == fields.values.count else { return nil }
        switch name {
        case "redact": return .redact
        case "hash": return .hash
        case "drop": return .drop
        case "keep": return .keep
        case "replace": return fields["value"].flatMap(reader.jsonScalar).map(AnonymizationOperator.replace)
        case "mask": return mask(fields)
        case "pseudonymize": return pseudonymize(fields, keys: keys)
        case "generalize": return generalize(fields)
        case "bucket": return fields["buckets"].flatMap(buckets).map(AnonymizationOperator.bucket)
        case "dateShift": return dateShift(fields, keys: keys)
        default: return fields["step"].flatMap { positive($0, expected: "a step above 0, such as 0.1 or 100") }.map { .round(step: $0) }
        }
    }

    private func mask(_ fields: YAMLCheckedMapping) -> AnonymizationOperator? {
        let count = "a whole number of characters, 0 or more"
        let keepFirst = fields["keepFirst"].map { reader.integer($0, expected: count, range: 0...10_000) } ?? 0
        let keepLast = fields["keepLast"].map { reader.integer($0, expected: count, range: 0...10_000) } ?? 0
        var character: Character? = "*"
        if let node = fields["character"] {
            character = reader.text(node, expected: "a single masking character, such as \"*\"").flatMap { text in
                guard text.unicodeScalars.count == 1, let first = text.first else {
                    diagnostics.report(node, "\"\(YAMLNodeReader.shortened(text))\" is not a single character; expected one masking character, such as \"*\"")
                    return nil
                }
                return first
            }
        }
        guard let keepFirst, let keepLast, let character else { return nil }
        return .mask(keepFirst: keepFirst, keepLast: keepLast, character: character)
    }

    private func pseudonymize(_ fields: YAMLCheckedMapping, keys: Set<String>) -> AnonymizationOperator? {
        let key = fields["key"].flatMap { keyReference($0, keys: keys) }
        let prefix = fields["prefix"].map { reader.text($0, expected: "a prefix (text, may be empty)", allowEmpty: true) } ?? ""
        let length = fields["length"].map { reader.integer($0, expected: "a length from 8 to 64 characters", range: 8...64) } ?? 16
        guard let key, let prefix, let length else { return nil }
        return .pseudonymize(key: key, prefix: prefix, length: length)
    }

    private func dateShift(_ fields: YAMLCheckedMapping, keys: Set<String>) -> AnonymizationOperator? {
        let key = fields["key"].flatMap { keyReference($0, keys: keys) }
        let maxDays = fields["maxDays"].flatMap { reader.integer($0, expected: "a number of days from 1 to 3650", range: 1...3650) }
        guard let key, let maxDays else { return nil }
        return .dateShift(maxDays: maxDays, key: key)
    }

    /// The name of an entry of `keys`.
    private func keyReference(_ value: YAMLLocatedNode, keys: Set<String>) -> String? {
        guard let name = reader.text(value, expected: "the name of a key in keys") else { return nil }
        guard keys.contains(name) else {
            diagnostics.report(value, "there is no key named \"\(YAMLNodeReader.shortened(name))\"; "
                               + Self.choices(keys, of: "key", section: "keys"))
            return nil
        }
        return name
    }

    private func generalize(_ fields: YAMLCheckedMapping) -> AnonymizationOperator? {
        let variants = ["date", "width", "hierarchy"].filter { fields[$0] != nil }
        let help = "date (year, quarter or month), width (a number) or hierarchy (a mapping such as {Kalamba: Northern})"
        if let levels = fields.keys["levels"], fields["hierarchy"] == nil {
            diagnostics.report(levels, "levels only applies to generalize with hierarchy")
        }
        guard variants.count == 1 else {
            if variants.isEmpty {
                diagnostics.report(fields.located, "generalize needs exactly one of \(help)")
            } else if let second = fields.keys[variants[1]] {
                diagnostics.report(second, "generalize takes exactly one of date, width or hierarchy; this one has "
                                   + variants.joined(separator: " and "))
            }
            return nil
        }
        guard fields.keys["levels"] == nil || fields["hierarchy"] != nil, let node = fields[variants[0]] else { return nil }
        switch variants[0] {
        case "date":
            guard let text = reader.text(node, expected: "year, quarter or month") else { return nil }
            guard let granularity = DateGranularity(rawValue: text) else {
                diagnostics.report(node, "\"\(YAMLNodeReader.shortened(text))\" is not a date granularity; expected year, quarter or month")
                return nil
            }
            return .generalizeDate(granularity)
        case "width":
            return positive(node, expected: "an interval width above 0, such as 500").map { .generalizeNumber(width: $0) }
        default:
            let levels = fields["levels"].map { reader.integer($0, expected: "a number of levels, 1 or more", range: 1...100) } ?? 1
            guard let pairs = reader.pairs(node, expected: "a mapping from each value to the one above it, such as {Kalamba: Northern}")
            else { return nil }
            if pairs.isEmpty { diagnostics.report(node, "the hierarchy is empty; map each value to the one above it, such as {Kalamba: Northern}") }
            var table: [String: String] = [:]
            for pair in pairs {
                if let parent = reader.text(pair.value, expected: "the value one level up (text)") { table[pair.key] = parent }
            }
            guard let levels, !pairs.isEmpty, table.count == pairs.count else { return nil }
            return .generalizeHierarchy(table: table, levels: levels)
        }
    }

    private func buckets(_ value: YAMLLocatedNode) -> [NumberBucket]? {
        guard let items = reader.list(value, expected: "a list of buckets, each {min, max, label}") else { return nil }
        let buckets = items.map { item -> NumberBucket? in
            guard let fields = reader.mapping(item, expected: "a bucket", allowed: ["min", "max", "label"],
                                              required: [YAMLRequiredKey("label", "the text written for values in the bucket")])
            else { return nil }
            let bound = "a number (or leave it out for no bound)"
            let min = fields["min"].map { reader.number($0, expected: bound) }
            let max = fields["max"].map { reader.number($0, expected: bound) }
            let label = fields["label"].flatMap { reader.text($0, expected: "a label (text)") }
            guard let label, min ?? 0 != nil, max ?? 0 != nil else { return nil }
            if let low = min ?? nil, let high = max ?? nil, low >= high, let node = fields["max"] {
                diagnostics.report(node, "max must be above min (min is inclusive, max exclusive)")
                return nil
            }
            return NumberBucket(min: min ?? nil, max: max ?? nil, label: label)
        }
        return buckets.contains(nil) ? nil : buckets.compactMap { $0 }
    }

    /// A number above zero.
    private func positive(_ value: YAMLLocatedNode, expected: String) -> Double? {
        guard let number = reader.number(value, expected: expected) else { return nil }
        guard number > 0 else {
            diagnostics.report(value, "\(YAMLNodeReader.describe(value.node)) is not above 0; expected \(expected)")
            return nil
        }
        return number
    }
}
