import DataCollectCore

/// "How this report was made": the report's inputs, at the end of the page so that readers see
/// the results first.
enum HTMLInputsRenderer {
    static func section(_ report: Report, into html: inout HTMLWriter) {
        let inputs = report.inputs
        html.line("<section class=\"inputs\">")
        html.line("<h2>How this report was made</h2>")
        html.line("""
            <p>What the report was made from, so that it can be made again and checked: the database and \
            the state of its logs when it was read, the policy file and the options given.</p>
            """)
        details([
            ("Database", HTMLEscaping.text(inputs.database)),
            ("Tool", HTMLEscaping.text("\(inputs.tool) \(inputs.toolVersion)")),
            ("Report kind", HTMLEscaping.text(report.kind.rawValue)),
            ("Generated at", HTMLFormatting.time(report.generatedAt)),
            ("JSON Schema", HTMLEscaping.text(report.kind.schemaFileName)),
        ], into: &html)

        html.line("<h3>Log heads</h3>")
        simpleTable(
            caption: "The size and Merkle root of each log when the report was read",
            headers: [("Log", false), ("Records", true), ("Merkle root (SHA-256)", false)],
            rows: inputs.logs.map { log in
                [HTMLEscaping.text(log.log.rawValue), NumberFormatting.grouped(log.size), code(log.rootHash)]
            },
            empty: "No logs.", into: &html)

        html.line("<h3>Signed checkpoints</h3>")
        simpleTable(
            caption: "The latest signed checkpoint of each log",
            headers: [("Log", false), ("Size", true), ("Root hash", false), ("Signed at", false)],
            rows: inputs.checkpoints.map { checkpoint in
                [HTMLEscaping.text(checkpoint.log.rawValue), NumberFormatting.grouped(checkpoint.size), code(checkpoint.rootHash),
                 HTMLFormatting.time(checkpoint.createdAt)]
            },
            empty: "No signed checkpoint was in the store.", into: &html)

        html.line("<h3>Policy file</h3>")
        if let policy = inputs.policy {
            details([
                ("File", HTMLEscaping.text(policy.path)),
                ("SHA-256", code(policy.sha256)),
                ("Policy", HTMLEscaping.text(policy.name)),
                ("Version", HTMLEscaping.text(policy.version)),
            ], into: &html)
        } else {
            html.line("<p>This report read no policy file.</p>")
        }

        html.line("<h3>Options</h3>")
        if inputs.parameters.isEmpty {
            html.line("<p>Made with the default options.</p>")
        } else {
            details(inputs.parameters.map { (HTMLEscaping.text($0.name), code($0.value)) }, into: &html)
        }
        html.line("</section>")
    }

    /// Label → value pairs (`values` already escaped; labels are escaped here).
    private static func details(_ pairs: [(String, String)], into html: inout HTMLWriter) {
        html.line("<dl class=\"details\">")
        for (label, value) in pairs {
            html.line("<div><dt>\(HTMLEscaping.text(label))</dt><dd>\(value)</dd></div>")
        }
        html.line("</dl>")
    }

    /// A small table whose cells are already escaped.
    private static func simpleTable(caption: String, headers: [(String, Bool)], rows: [[String]], empty: String,
                                    into html: inout HTMLWriter) {
        html.line("<div class=\"table-wrap\">")
        html.line("<table class=\"compact\">")
        html.line("<caption>\(HTMLEscaping.text(caption))</caption>")
        let head = headers.map { "<th scope=\"col\"\($0.1 ? " class=\"num\"" : "")>\(HTMLEscaping.text($0.0))</th>" }
        html.line("<thead><tr>\(head.joined())</tr></thead>")
        html.line("<tbody>")
        if rows.isEmpty {
            html.line("<tr><td class=\"empty\" colspan=\"\(headers.count)\">\(HTMLEscaping.text(empty))</td></tr>")
        }
        for row in rows {
            let cells = zip(row, headers).map { "<td\($1.1 ? " class=\"num\"" : "")>\($0)</td>" }
            html.line("<tr>\(cells.joined())</tr>")
        }
        html.line("</tbody>")
        html.line("</table>")
        html.line("</div>")
    }

    private static func code(_ text: String) -> String {
        "<code>\(HTMLEscaping.text(text))</code>"
    }
}
