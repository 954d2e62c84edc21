/// Renders a ``Report`` as `report.html`: one self-contained HTML5 page (inline stylesheet,
/// inline SVG charts, no scripts, no external resources) that reads well on screen and on paper.
///
/// The page shows the results first (header with status and headline, then each section) and
/// ends with "How this report was made" (the inputs). Every string of the report is escaped.
public enum HTMLReportRenderer {
    /// The whole page.
    public static func render(_ report: Report) -> String {
        var html = HTMLWriter()
        html.line("<!DOCTYPE html>")
        html.line("<html lang=\"en\">")
        html.line("<head>")
        html.line("<meta charset=\"utf-8\">")
        html.line("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
        html.line("<meta name=\"generator\" content=\"\(HTMLEscaping.attribute("\(report.inputs.tool) \(report.inputs.toolVersion)"))\">")
        html.line("<title>\(HTMLEscaping.text(report.title))</title>")
        html.line("<style>")
        html.raw(ReportStylesheet.css)
        html.line("</style>")
        html.line("</head>")
        html.line("<body>")
        html.line("<div class=\"page\">")
        header(report, into: &html)
        html.line("<main>")
        for section in report.sections {
            HTMLBlockRenderer.section(section, into: &html)
        }
        HTMLInputsRenderer.section(report, into: &html)
        html.line("</main>")
        html.line("""
            <footer>Made by \(HTMLEscaping.text(report.inputs.tool)) \(HTMLEscaping.text(report.inputs.toolVersion)). \
            The same figures are in report.json.</footer>
            """)
        html.line("</div>")
        html.line("</body>")
        html.line("</html>")
        return html.text
    }

    private static func header(_ report: Report, into html: inout HTMLWriter) {
        html.line("<header class=\"report-header\">")
        html.line("<p class=\"eyebrow\">\(HTMLEscaping.text(report.inputs.tool)) report · \(HTMLEscaping.text(report.kind.rawValue))</p>")
        html.line("<h1>\(HTMLEscaping.text(report.title))</h1>")
        html.line("""
            <div class="status status-\(report.status.rawValue)"><span class="badge">\(statusLabel(report.status))</span> \
            <p class="headline">\(HTMLEscaping.text(report.headline))</p></div>
            """)
        html.line("<p class=\"meta\">Generated \(HTMLFormatting.time(report.generatedAt)) from \(HTMLEscaping.text(report.inputs.database))</p>")
        html.line("</header>")
    }

    /// The badge text of a status.
    static func statusLabel(_ status: ReportStatus) -> String {
        switch status {
        case .ok: "OK"
        case .attention: "Needs attention"
        case .failure: "Failure"
        }
    }
}

/// Collects lines of HTML.
struct HTMLWriter {
    private(set) var text = ""

    mutating func line(_ line: String) {
        text += line
        text += "\n"
    }

    /// Appends `text` as it is (already markup).
    mutating func raw(_ markup: String) {
        text += markup
        if !markup.hasSuffix("\n") { text += "\n" }
    }
}
