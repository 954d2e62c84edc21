/// Spots aliases (`*name`) that refer to anchors (`&name`) in raw YAML text, before the text is
/// parsed: a few lines of anchors and aliases can expand to billions of nodes ("billion laughs"),
/// and YAML parsers expand them while building the tree.
///
/// The scan is deliberately coarse: it ignores quoting and comments, so text such as
/// `"&x ... *x"` is also caught. That errs on the side of refusing, which is right for policy
/// files, where anchors and aliases are not allowed anyway.
enum YAMLAliasScan {
    /// The first alias whose name is also declared as an anchor somewhere in the text.
    static func firstAliasOfAnAnchor(in text: String) -> (line: Int, column: Int, name: String)? {
        var anchors: Set<String> = []
        var aliases: [(line: Int, column: Int, name: String)] = []
        var line = 1, column = 0
        var previous: Unicode.Scalar = "\n"
        var pending: (indicator: Unicode.Scalar, line: Int, column: Int, name: String)?

        func finish() {
            guard let token = pending else { return }
            pending = nil
            guard !token.name.isEmpty else { return }
            if token.indicator == "&" { anchors.insert(token.name) } else { aliases.append((token.line, token.column, token.name)) }
        }

        for scalar in text.unicodeScalars {
            column += 1
            if pending != nil {
                if isNameCharacter(scalar) {
                    pending?.name.unicodeScalars.append(scalar)
                } else {
                    finish()
                }
            }
            if (scalar == "&" || scalar == "*") && pending == nil && isTokenBoundary(previous) {
                pending = (scalar, line, column, "")
            }
            if scalar == "\n" { line += 1; column = 0 }
            previous = scalar
        }
        finish()
        return aliases.first { anchors.contains($0.name) }
    }

    /// libyaml's anchor name characters: ASCII letters, digits, `_` and `-`.
    private static func isNameCharacter(_ scalar: Unicode.Scalar) -> Bool {
        ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) || ("0"..."9").contains(scalar)
            || scalar == "_" || scalar == "-"
    }

    /// Where a YAML token may start: after whitespace, a line break or a flow indicator.
    private static func isTokenBoundary(_ scalar: Unicode.Scalar) -> Bool {
        scalar == " " || scalar == "\t" || scalar == "\n" || scalar == "\r" || scalar == "[" || scalar == "{"
            || scalar == "," || scalar == "\u{FEFF}"
    }
}
