/// Where everything of a chart goes, in SVG user units: the plot area, the y scale, each bar,
/// the x labels and the legend. ``SVGChartRenderer`` only writes this out, so tests can check
/// the geometry (stack heights, label thinning) without parsing SVG.
struct ChartLayout {
    struct Rect: Equatable {
        var x: Double
        var y: Double
        var width: Double
        var height: Double

        var bottom: Double { y + height }
        var right: Double { x + width }
    }

    /// One drawn bar (a stack segment for stacked bars). Zero values get no bar.
    struct Bar: Equatable {
        var category: Int
        var series: Int
        var value: Double
        var rect: Rect
    }

    /// A category label under the x axis.
    struct XLabel: Equatable {
        var category: Int
        /// The label as shown (perhaps shortened with "…").
        var text: String
        /// The whole label, shown as a tooltip when ``text`` is shortened.
        var full: String
        /// The x of the category's centre.
        var x: Double
    }

    /// A legend entry: the swatch's top-left corner.
    struct LegendItem: Equatable {
        var series: Int
        var text: String
        var x: Double
        var y: Double
    }

    static let width = 760.0
    static let plotHeight = 260.0
    /// The plot height of a chart with nothing to show.
    static let emptyPlotHeight = 120.0
    static let fontSize = 12.0
    static let legendRowHeight = 20.0
    static let swatch = 12.0
    static let maxBarWidth = 64.0
    /// The least distance between the baselines of rotated labels.
    static let rotatedLabelSpacing = 22.0
    /// The longest a turned label may be.
    static let maxRotatedLabelWidth = 150.0
    /// From this category width on, labels stay flat (shortened with "…" when needed): they
    /// have as much room as turned ones.
    static let minimumFlatSlot = maxRotatedLabelWidth

    let chart: ReportChart
    /// `values[series][category]`, cleaned: missing, negative and non-finite values are 0.
    let values: [[Double]]
    let scale: ChartScale
    let plot: Rect
    let height: Double
    let hasData: Bool
    let bars: [Bar]
    let legend: [LegendItem]
    let xLabels: [XLabel]
    /// Every how many categories a label is shown.
    let labelEvery: Int
    let rotateLabels: Bool
    /// The baseline of the y-axis label (above the plot, left-aligned).
    let yLabelBaseline: Double
    /// The baseline of the x-axis label (centred under the category labels).
    let xLabelBaseline: Double

    init(_ chart: ReportChart) {
        self.chart = chart
        let categoryCount = chart.categories.count
        let values = chart.series.map { series in
            (0..<categoryCount).map { index -> Double in
                guard index < series.values.count else { return 0 }
                let value = series.values[index]
                // Beyond 1e300 a stack's sum could overflow to infinity.
                return value.isFinite && value > 0 ? min(value, 1e300) : 0
            }
        }
        self.values = values
        let maximum: Double
        switch chart.style {
        case .stackedBars:
            maximum = (0..<categoryCount).map { index in values.reduce(0) { $0 + $1[index] } }.max() ?? 0
        case .groupedBars, .histogram:
            maximum = values.flatMap { $0 }.max() ?? 0
        }
        hasData = categoryCount > 0 && maximum > 0
        let integers = values.allSatisfy { $0.allSatisfy { $0 == $0.rounded() } }
        scale = ChartScale(maximum: maximum, integers: integers)

        // Top: the legend (more than one series), then the y-axis label, then the plot.
        let legendLayout = Self.legend(chart.series.map(\.name), width: Self.width)
        legend = legendLayout.items
        yLabelBaseline = legendLayout.height + Self.fontSize + 2
        let plotTop = yLabelBaseline + 14

        // Left: room for the tick labels (and for the first rotated category label).
        let tickWidth = scale.ticks.map { TextMetrics.width(NumberFormatting.compact($0), fontSize: Self.fontSize) }.max() ?? 0
        var left = max(40, tickWidth + 14)
        let right = 16.0
        var slot = (Self.width - left - right) / Double(max(1, categoryCount))

        let labels = Self.categoryLabels(chart.categories, slot: slot)
        rotateLabels = labels.rotate
        labelEvery = labels.every
        if labels.rotate, let first = labels.texts.first {
            let reach = TextMetrics.width(first, fontSize: Self.fontSize) * 0.7071 - slot / 2 + 6
            left = min(max(left, reach), Self.width / 3)
            slot = (Self.width - left - right) / Double(max(1, categoryCount))
        }
        plot = Rect(x: left, y: plotTop, width: Self.width - left - right, height: hasData ? Self.plotHeight : Self.emptyPlotHeight)
        let labelDepth: Double
        if labels.rotate {
            let shown = labels.texts.enumerated().filter { $0.offset % labels.every == 0 }
            let longest = shown.map { TextMetrics.width($0.element, fontSize: Self.fontSize) }.max() ?? 0
            labelDepth = 12 + longest * 0.7071 + Self.fontSize * 0.7071
        } else {
            labelDepth = categoryCount > 0 ? 22 : 4
        }
        xLabelBaseline = plot.bottom + labelDepth + 20
        height = (xLabelBaseline + 12).rounded(.up)

        let plotArea = plot
        xLabels = labels.texts.enumerated().compactMap { index, text in
            guard index % labels.every == 0 else { return nil }
            return XLabel(category: index, text: text, full: chart.categories[index].chartLabel,
                          x: plotArea.x + slot * (Double(index) + 0.5))
        }
        bars = Self.bars(values: values, style: chart.style, plot: plotArea, slot: slot, top: scale.top)
    }

    /// The y coordinate of a value.
    func y(_ value: Double) -> Double {
        plot.bottom - value / scale.top * plot.height
    }

    /// The y-axis label, with the unit unless the label already says it: "Rejected records"
    /// with unit "records" stays as it is, "Captured" with unit "events" becomes "Captured (events)".
    var yAxisTitle: String {
        let unit = chart.unit.chartLabel
        let label = chart.yAxisLabel.chartLabel
        let title: String
        if unit.isEmpty {
            title = label
        } else if label.isEmpty {
            title = unit
        } else if label.lowercased().contains(unit.lowercased()) {
            title = label
        } else {
            title = "\(label) (\(unit))"
        }
        return TextMetrics.truncated(title, maxWidth: Self.width - 10, fontSize: Self.fontSize)
    }

    /// The x-axis label, on one line and no wider than the chart.
    var xAxisTitle: String {
        TextMetrics.truncated(chart.xAxisLabel.chartLabel, maxWidth: plot.width, fontSize: Self.fontSize)
    }

    // MARK: - Parts

    private static func bars(values: [[Double]], style: ReportChart.Style, plot: Rect, slot: Double, top: Double) -> [Bar] {
        let seriesCount = values.count
        guard seriesCount > 0, top > 0 else { return [] }
        func height(_ value: Double) -> Double { value / top * plot.height }
        var bars: [Bar] = []
        let categoryCount = values.first?.count ?? 0
        for category in 0..<categoryCount {
            let slotStart = plot.x + slot * Double(category)
            switch style {
            case .stackedBars:
                let width = min(slot * 0.7, maxBarWidth)
                let x = slotStart + (slot - width) / 2
                var base = plot.bottom
                for series in 0..<seriesCount where values[series][category] > 0 {
                    let value = values[series][category]
                    let h = height(value)
                    base -= h
                    bars.append(Bar(category: category, series: series, value: value,
                                    rect: Rect(x: x, y: base, width: width, height: h)))
                }
            case .groupedBars, .histogram:
                let histogram = style == .histogram
                let barWidth = histogram ? slot / Double(seriesCount) : min(slot * 0.8 / Double(seriesCount), maxBarWidth)
                let groupStart = slotStart + (slot - barWidth * Double(seriesCount)) / 2
                // A hairline between adjacent bars so that neighbours stay apart.
                let gap = barWidth > 3 ? min(histogram ? 1 : 2, barWidth * 0.15) : 0
                for series in 0..<seriesCount where values[series][category] > 0 {
                    let value = values[series][category]
                    let h = height(value)
                    bars.append(Bar(category: category, series: series, value: value,
                                    rect: Rect(x: groupStart + barWidth * Double(series) + gap / 2, y: plot.bottom - h,
                                               width: barWidth - gap, height: h)))
                }
            }
        }
        return bars
    }

    /// Legend entries flowing left to right, wrapping to new rows; none for a single series.
    private static func legend(_ names: [String], width: Double) -> (items: [LegendItem], height: Double) {
        guard names.count > 1 else { return ([], 0) }
        var items: [LegendItem] = []
        var x = 0.0
        var row = 0.0
        for (index, name) in names.enumerated() {
            let text = TextMetrics.truncated(name.chartLabel, maxWidth: 220, fontSize: fontSize)
            let itemWidth = swatch + 6 + TextMetrics.width(text, fontSize: fontSize) + 18
            if x > 0, x + itemWidth > width {
                x = 0
                row += 1
            }
            items.append(LegendItem(series: index, text: text, x: x, y: row * legendRowHeight + 2))
            x += itemWidth
        }
        return (items, (row + 1) * legendRowHeight + 6)
    }

    /// The category labels as shown: all of them flat when they fit side by side or when each
    /// has as much room as a turned one would (shortened with "…"), otherwise turned by 45° and,
    /// when even that is too tight, only every k-th one.
    private static func categoryLabels(_ categories: [String], slot: Double) -> (texts: [String], rotate: Bool, every: Int) {
        let cleaned = categories.map(\.chartLabel)
        if slot >= minimumFlatSlot || cleaned.allSatisfy({ TextMetrics.width($0, fontSize: fontSize) <= slot - 6 }) {
            return (cleaned.map { TextMetrics.truncated($0, maxWidth: slot - 6, fontSize: fontSize) }, false, 1)
        }
        let rotated = cleaned.map { TextMetrics.truncated($0, maxWidth: maxRotatedLabelWidth, fontSize: fontSize) }
        let every = max(1, Int((rotatedLabelSpacing / max(slot, 0.01)).rounded(.up)))
        return (rotated, true, every)
    }
}

extension String {
    /// On one line (line breaks and tabs as spaces), without leading and trailing spaces.
    var chartLabel: String {
        let line = String(map { $0.isNewline || $0 == "\t" ? " " : $0 })
        guard let first = line.firstIndex(where: { $0 != " " }), let last = line.lastIndex(where: { $0 != " " }) else { return "" }
        return String(line[first...last])
    }
}
