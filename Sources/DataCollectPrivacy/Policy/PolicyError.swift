/// One thing wrong with a policy file, located precisely enough for a data officer to fix it:
/// `policies/x.yaml:12:11: retention[0].keep: "5 years" is not an ISO 8601 duration; ...`.
public struct PolicyProblem: Sendable, Hashable, CustomStringConvertible {
    /// The policy file, as given to the loader.
    public var file: String
    /// 1-based line; 0 when the problem concerns the whole file (it cannot be read, say).
    public var line: Int
    /// 1-based column, counted in Unicode characters; 0 with `line` 0.
    public var column: Int
    /// The key path of the value concerned (`retention[0].keep`, `profiles[1].fields.phone.op`);
    /// empty for problems with the file as a whole (not YAML, empty, not a mapping).
    public var key: String
    /// What is wrong and what is expected instead.
    public var message: String

    public init(file: String, line: Int, column: Int, key: String, message: String) {
        self.file = file
        self.line = line
        self.column = column
        self.key = key
        self.message = message
    }

    /// `file:line:column: key: message`, leaving out the parts that are unknown.
    public var description: String {
        var text = file
        if line > 0 { text += ":\(line):\(column)" }
        text += ": "
        if !key.isEmpty { text += key + ": " }
        return text + message
    }
}

/// A policy file that cannot be used, with every problem found in it (not just the first), in
/// file order. Its description lists them one per line.
public struct PolicyError: Error, Sendable, Hashable, CustomStringConvertible {
    public var problems: [PolicyProblem]

    public init(problems: [PolicyProblem]) {
        self.problems = problems
    }

    public var description: String {
        problems.map(\.description).joined(separator: "\n")
    }
}
