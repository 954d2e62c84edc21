/// Draws a ``ReportChart`` as inline SVG for `report.html`: a y axis with nice ticks and
/// gridlines, the category labels (thinned and turned when crowded), the bars, a legend when
/// there is more than one series, and a tooltip on every bar. No scripts, no external
/// resources; the same chart always gives the same bytes.
public enum SVGChartRenderer {
    /// The `<svg>` element of `chart`, with `id="chart-<id>"` and the chart title as its `<title>`.
    public static func render(_ chart: ReportChart) -> String {
        let layout = ChartLayout(chart)
        let id = HTMLEscaping.attribute("chart-\(chart.id)")
        var svg = SVGWriter()
        svg.line("""
            <svg xmlns="http://www.w3.org/2000/svg" role="img" viewBox="0 0 \(n(ChartLayout.width)) \(n(layout.height))" \
            class="chart chart-\(chart.style.rawValue)" id="\(id)" aria-labelledby="\(id)-title" font-size="\(n(ChartLayout.fontSize))">
            """)
        svg.line("<title id=\"\(id)-title\">\(HTMLEscaping.text(chart.title))</title>")
        legend(layout, into: &svg)
        yAxis(layout, into: &svg)
        bars(layout, into: &svg)
        xAxis(layout, into: &svg)
        if !layout.hasData {
            svg.line("""
                <text class="no-data" x="\(n(layout.plot.x + layout.plot.width / 2))" y="\(n(layout.plot.y + layout.plot.height / 2))" \
                text-anchor="middle" dominant-baseline="middle" font-size="15" fill="#595959">No data</text>
                """)
        }
        svg.line("</svg>")
        return svg.text
    }

    // MARK: - Parts

    private static func legend(_ layout: ChartLayout, into svg: inout SVGWriter) {
        guard !layout.legend.isEmpty else { return }
        svg.line("<g class=\"legend\">")
        for item in layout.legend {
            let size = ChartLayout.swatch
            svg.line("""
                <rect x="\(n(item.x))" y="\(n(item.y))" width="\(n(size))" height="\(n(size))" rx="2" \
                fill="\(ChartPalette.colour(item.series))"/>\
                <text x="\(n(item.x + size + 6))" y="\(n(item.y + size - 1.5))" fill="#1f2328">\(HTMLEscaping.text(item.text))</text>
                """)
        }
        svg.line("</g>")
    }

    private static func yAxis(_ layout: ChartLayout, into svg: inout SVGWriter) {
        let plot = layout.plot
        svg.line("""
            <text class="axis-label y-axis-label" x="0" y="\(n(layout.yLabelBaseline))" font-weight="600" \
            fill="#1f2328">\(HTMLEscaping.text(layout.yAxisTitle))</text>
            """)
        svg.line("<g class=\"y-axis\">")
        for tick in layout.scale.ticks {
            let y = layout.y(tick)
            if tick > 0 {
                svg.line("<line x1=\"\(n(plot.x))\" x2=\"\(n(plot.right))\" y1=\"\(n(y))\" y2=\"\(n(y))\" stroke=\"#d8dee4\" stroke-width=\"1\"/>")
            }
            svg.line("""
                <text x="\(n(plot.x - 8))" y="\(n(y))" text-anchor="end" dominant-baseline="middle" \
                fill="#57606a">\(HTMLEscaping.text(NumberFormatting.compact(tick)))</text>
                """)
        }
        svg.line("</g>")
    }

    private static func bars(_ layout: ChartLayout, into svg: inout SVGWriter) {
        guard !layout.bars.isEmpty else { return }
        let chart = layout.chart
        let unit = chart.unit.chartLabel
        svg.line("<g class=\"bars\">")
        for bar in layout.bars {
            let category = capped(chart.categories[bar.category].chartLabel)
            let series = capped(chart.series[bar.series].name.chartLabel)
            let value = NumberFormatting.grouped(bar.value) + (unit.isEmpty ? "" : " \(unit)")
            let tooltip = "\(category) — \(series): \(value)"
            svg.line("""
                <rect x="\(n(bar.rect.x))" y="\(n(bar.rect.y))" width="\(n(bar.rect.width))" height="\(n(bar.rect.height))" \
                fill="\(ChartPalette.colour(bar.series))"><title>\(HTMLEscaping.text(tooltip))</title></rect>
                """)
        }
        svg.line("</g>")
    }

    private static func xAxis(_ layout: ChartLayout, into svg: inout SVGWriter) {
        let plot = layout.plot
        svg.line("<g class=\"x-axis\">")
        svg.line("<line x1=\"\(n(plot.x))\" x2=\"\(n(plot.right))\" y1=\"\(n(plot.bottom))\" y2=\"\(n(plot.bottom))\" stroke=\"#57606a\" stroke-width=\"1\"/>")
        for label in layout.xLabels {
            var text = HTMLEscaping.text(label.text)
            if label.text != label.full { text = "<title>\(HTMLEscaping.text(capped(label.full)))</title>" + text }
            svg.line("<line x1=\"\(n(label.x))\" x2=\"\(n(label.x))\" y1=\"\(n(plot.bottom))\" y2=\"\(n(plot.bottom + 4))\" stroke=\"#57606a\"/>")
            if layout.rotateLabels {
                let y = plot.bottom + 12
                svg.line("""
                    <text x="\(n(label.x))" y="\(n(y))" text-anchor="end" dominant-baseline="middle" \
                    transform="rotate(-45 \(n(label.x)) \(n(y)))" fill="#57606a">\(text)</text>
                    """)
            } else {
                svg.line("<text x=\"\(n(label.x))\" y=\"\(n(plot.bottom + 18))\" text-anchor=\"middle\" fill=\"#57606a\">\(text)</text>")
            }
        }
        svg.line("</g>")
        svg.line("""
            <text class="axis-label x-axis-label" x="\(n(plot.x + plot.width / 2))" y="\(n(layout.xLabelBaseline))" \
            text-anchor="middle" font-weight="600" fill="#1f2328">\(HTMLEscaping.text(layout.xAxisTitle))</text>
            """)
    }

    private static func n(_ value: Double) -> String { NumberFormatting.svg(value) }

    /// Tooltips show labels whole, up to a limit.
    static let tooltipLimit = 200

    private static func capped(_ text: String) -> String {
        text.count > tooltipLimit ? String(text.prefix(tooltipLimit - 1)) + "…" : text
    }
}

/// Collects SVG lines.
struct SVGWriter {
    private(set) var text = ""

    mutating func line(_ line: String) {
        text += line
        text += "\n"
    }
}
