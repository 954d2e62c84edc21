/// The HTML of a report's sections and their blocks: paragraphs, facts, charts and tables.
enum HTMLBlockRenderer {
    static func section(_ section: ReportSection, into html: inout HTMLWriter) {
        html.line("<section>")
        html.line("<h2>\(HTMLEscaping.text(section.title))</h2>")
        for block in section.blocks {
            switch block {
            case .paragraph(let text):
                html.line("<p>\(HTMLEscaping.text(text))</p>")
            case .facts(let facts):
                self.facts(facts, into: &html)
            case .chart(let chart):
                self.chart(chart, into: &html)
            case .table(let table):
                self.table(table, into: &html)
            }
        }
        html.line("</section>")
    }

    /// Facts with longer values than this get a wider card and a smaller type.
    static let longFact = 16

    /// Key figures as a definition list of cards.
    static func facts(_ facts: [ReportFact], into html: inout HTMLWriter) {
        guard !facts.isEmpty else { return }
        html.line("<dl class=\"facts\">")
        for fact in facts {
            let wide = fact.value.count > longFact ? " class=\"wide\"" : ""
            html.line("<div\(wide)><dt>\(HTMLEscaping.text(fact.label))</dt><dd>\(HTMLEscaping.text(fact.value))</dd></div>")
        }
        html.line("</dl>")
    }

    /// A figure: the chart's title and caption above its SVG.
    static func chart(_ chart: ReportChart, into html: inout HTMLWriter) {
        html.line("<figure class=\"chart-figure\">")
        var caption = "<span class=\"chart-title\">\(HTMLEscaping.text(chart.title))</span>"
        if !chart.caption.isEmpty {
            caption += " <span class=\"chart-caption\">\(HTMLEscaping.text(chart.caption))</span>"
        }
        html.line("<figcaption>\(caption)</figcaption>")
        html.raw(SVGChartRenderer.render(chart))
        html.line("</figure>")
    }

    /// A table with at most ``ReportTable/htmlRowLimit`` rows, then a note that points to the CSV.
    static func table(_ table: ReportTable, into html: inout HTMLWriter) {
        let numeric = table.columns.map { $0.type == .integer || $0.type == .number }
        html.line("<div class=\"table-wrap\">")
        html.line("<table id=\"\(HTMLEscaping.attribute("table-\(table.name)"))\">")
        html.line("<caption>\(HTMLEscaping.text(table.title))</caption>")
        let headers = zip(table.columns, numeric).map { column, isNumeric in
            "<th scope=\"col\"\(isNumeric ? " class=\"num\"" : "")>\(HTMLEscaping.text(column.label))</th>"
        }
        html.line("<thead><tr>\(headers.joined())</tr></thead>")
        html.line("<tbody>")
        if table.rows.isEmpty {
            html.line("<tr><td class=\"empty\" colspan=\"\(max(1, table.columns.count))\">\(HTMLEscaping.text(table.emptyText))</td></tr>")
        }
        let limit = max(0, table.htmlRowLimit)
        for row in table.rows.prefix(limit) {
            let cells = table.columns.indices.map { index in
                guard index < row.count else { return "<td></td>" }
                let cell = HTMLFormatting.cell(row[index], type: table.columns[index].type)
                var classes: [String] = []
                if cell.numeric { classes.append("num") }
                if cell.null { classes.append("null") }
                if !cell.numeric, cell.short { classes.append("nw") }
                let attribute = classes.isEmpty ? "" : " class=\"\(classes.joined(separator: " "))\""
                return "<td\(attribute)>\(cell.html)</td>"
            }
            html.line("<tr>\(cells.joined())</tr>")
        }
        html.line("</tbody>")
        html.line("</table>")
        html.line("</div>")
        if table.rows.count > limit {
            let file = HTMLEscaping.text(table.csvFileName)
            html.line("""
                <p class="table-note">First \(NumberFormatting.grouped(limit)) of \(NumberFormatting.grouped(table.rows.count)) rows; \
                all rows are in <a href="\(HTMLEscaping.attribute(table.csvFileName))">\(file)</a>.</p>
                """)
        }
    }
}
