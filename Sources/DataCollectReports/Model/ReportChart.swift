/// A bar chart (grouped or stacked) or a histogram, drawn as inline SVG with axes, labels and units.
public struct ReportChart: Sendable, Hashable {
    public enum Style: String, Sendable, Hashable {
        /// One bar per series side by side in each category (before/after bars).
        case groupedBars = "grouped-bars"
        /// The series stacked in one bar per category (events per day by type).
        case stackedBars = "stacked-bars"
        /// Adjacent bars over value ranges (one series; categories are the ranges).
        case histogram
    }

    /// One named row of values, one value per category.
    public struct Series: Sendable, Hashable {
        public var name: String
        public var values: [Double]

        public init(name: String, values: [Double]) {
            self.name = name
            self.values = values
        }
    }

    /// The chart's id in the HTML (`chart-<id>`) and JSON; lower-case letters, digits and dashes.
    public var id: String
    public var title: String
    public var style: Style
    /// The labels along the x axis (days, rules, ranges).
    public var categories: [String]
    public var series: [Series]
    public var xAxisLabel: String
    public var yAxisLabel: String
    /// The unit of the values ("events", "entities", "fields").
    public var unit: String
    /// One sentence under the chart that says what to look at.
    public var caption: String

    public init(id: String, title: String, style: Style, categories: [String], series: [Series], xAxisLabel: String,
                yAxisLabel: String, unit: String, caption: String = "") {
        self.id = id
        self.title = title
        self.style = style
        self.categories = categories
        self.series = series
        self.xAxisLabel = xAxisLabel
        self.yAxisLabel = yAxisLabel
        self.unit = unit
        self.caption = caption
    }
}
