/// Collects the problems of one policy file while it is read, so a data officer sees all of
/// them at once instead of fixing one per run.
final class PolicyDiagnostics {
    /// The most problems listed; a hostile or badly broken file could otherwise produce
    /// hundreds of thousands.
    static let maxProblems = 200

    let file: String
    private var problems: [PolicyProblem] = []
    private var seen: Set<PolicyProblem> = []
    private var unlisted = 0

    init(file: String) {
        self.file = file
    }

    var isEmpty: Bool { problems.isEmpty }

    func report(_ node: YAMLLocatedNode, _ message: String) {
        report(line: node.line, column: node.column, key: node.path, message)
    }

    func report(line: Int, column: Int, key: String, _ message: String) {
        let problem = PolicyProblem(file: file, line: line, column: column, key: key, message: message)
        guard seen.insert(problem).inserted else { return }
        if problems.count < Self.maxProblems { problems.append(problem) } else { unlisted += 1 }
    }

    /// The problems in file order (line, then column), as the error to throw.
    var error: PolicyError {
        var sorted = problems.enumerated().sorted { lhs, rhs in
            (lhs.element.line, lhs.element.column, lhs.offset) < (rhs.element.line, rhs.element.column, rhs.offset)
        }.map(\.element)
        if unlisted > 0 {
            sorted.append(PolicyProblem(file: file, line: 0, column: 0, key: "",
                                        message: "\(unlisted) more problems are not listed; fix the ones above first"))
        }
        return PolicyError(problems: sorted)
    }
}
