@testable import DataCollectReports
import Foundation
import Testing

@Suite("SVG charts")
struct SVGChartRendererTests {
    @Test(arguments: ["events-per-day", "before-after", "sync-lag", "no-categories", "all-zero"])
    func everyChartIsAnSVGWithItsIdTitleAxisLabelsAndUnit(id: String) throws {
        let chart = try #require(SampleReports.chart(id))
        let svg = SVGChartRenderer.render(chart)
        #expect(svg.hasPrefix("<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" viewBox=\"0 0 760 "))
        #expect(svg.contains("class=\"chart chart-\(chart.style.rawValue)\" id=\"chart-\(id)\""))
        #expect(svg.contains("<title id=\"chart-\(id)-title\">\(HTMLEscaping.text(chart.title))</title>"))
        #expect(svg.contains(">\(HTMLEscaping.text(chart.xAxisLabel))</text>"))
        #expect(svg.contains(HTMLEscaping.text(chart.yAxisLabel)))
        #expect(svg.lowercased().contains(chart.unit.lowercased()), "the unit is stated")
        #expect(svg.hasSuffix("</svg>\n"))
        #expect(!svg.contains("<script"))
        #expect(!svg.contains("href"))
    }

    @Test func theYAxisLabelNamesTheUnitOnce() {
        func title(_ label: String, _ unit: String) -> String {
            ChartLayout(ReportChart(id: "c", title: "t", style: .groupedBars, categories: ["a"], series: [.init(name: "s", values: [1])],
                                    xAxisLabel: "x", yAxisLabel: label, unit: unit)).yAxisTitle
        }
        #expect(title("Captured", "events") == "Captured (events)")
        #expect(title("Rejected records", "records") == "Rejected records")
        #expect(title("", "events") == "events")
        #expect(title("Events", "") == "Events")
    }

    @Test func emptyChartsDrawAxesAndSayNoData() throws {
        for id in ["no-categories", "all-zero"] {
            let chart = try #require(SampleReports.chart(id))
            let svg = SVGChartRenderer.render(chart)
            #expect(svg.contains(">No data</text>"))
            #expect(svg.contains("class=\"x-axis\""))
            #expect(svg.contains("class=\"y-axis\""))
            #expect(!svg.contains("class=\"bars\""))
            #expect(ChartLayout(chart).scale.ticks == [0, 1])
        }
        let full = SVGChartRenderer.render(try #require(SampleReports.chart("before-after")))
        #expect(!full.contains("No data"))
    }

    @Test func stackedBarsAddUpToTheCategoryTotal() throws {
        let chart = try #require(SampleReports.chart("events-per-day"))
        let layout = ChartLayout(chart)
        #expect(layout.scale.top >= chart.series.map { $0.values.max() ?? 0 }.reduce(0, +) / 3)
        for category in chart.categories.indices {
            let total = chart.series.reduce(0) { $0 + $1.values[category] }
            let segments = layout.bars.filter { $0.category == category }.sorted { $0.series < $1.series }
            #expect(segments.count == chart.series.filter { $0.values[category] > 0 }.count)
            let height = segments.reduce(0) { $0 + $1.rect.height }
            #expect(abs(height - total / layout.scale.top * layout.plot.height) < 1e-9)
            // Stacked: each segment sits on the one before, the first on the x axis.
            var base = layout.plot.bottom
            for segment in segments {
                #expect(abs(segment.rect.bottom - base) < 1e-9)
                base = segment.rect.y
            }
            #expect(abs(layout.y(total) - base) < 1e-9)
            #expect(Set(segments.map(\.rect.x)).count <= 1, "one column per category")
        }
    }

    @Test func groupedBarsStandSideBySideAndNegativeValuesAreClampedToZero() throws {
        let chart = try #require(SampleReports.chart("before-after"))
        let layout = ChartLayout(chart)
        let first = layout.bars.filter { $0.category == 0 }
        #expect(first.count == 2)
        #expect(first[0].rect.right <= first[1].rect.x)
        #expect(first.allSatisfy { $0.rect.bottom == layout.plot.bottom })
        #expect(layout.values[1][3] == 0, "-5 is drawn as 0")
        #expect(!layout.bars.contains { $0.category == 3 }, "zero values get no bar")
        #expect(layout.scale.ticks == [0, 20, 40, 60, 80, 100, 120])
    }

    @Test func histogramBarsAreAdjacentAndHugeValuesGetCompactLabels() throws {
        let chart = try #require(SampleReports.chart("sync-lag"))
        let layout = ChartLayout(chart)
        let bars = layout.bars.sorted { $0.category < $1.category }
        for (left, right) in zip(bars, bars.dropFirst()) {
            #expect(right.rect.x - left.rect.right <= 1.0001, "at most a hairline between bars")
        }
        let svg = SVGChartRenderer.render(chart)
        #expect(svg.contains(">4M</text>"))
        #expect(svg.contains(">1M</text>"))
        #expect(svg.contains("<title>&lt; 1 min — events: 3,400,000 events</title>"))
    }

    @Test func manyCategoriesAreLabelledEveryKthAndTurned() throws {
        let chart = try #require(SampleReports.chart("events-per-day"))
        let layout = ChartLayout(chart)
        #expect(layout.rotateLabels)
        #expect(layout.labelEvery > 1)
        #expect(layout.xLabels.count == (chart.categories.count + layout.labelEvery - 1) / layout.labelEvery)
        #expect(layout.xLabels.first?.text == "day-1")
        for (left, right) in zip(layout.xLabels, layout.xLabels.dropFirst()) {
            #expect(right.x - left.x >= ChartLayout.rotatedLabelSpacing)
        }
        #expect(SVGChartRenderer.render(chart).contains("transform=\"rotate(-45 "))
    }

    @Test func fewShortCategoriesAreAllLabelledFlat() throws {
        let layout = ChartLayout(try #require(SampleReports.chart("sync-lag")))
        #expect(!layout.rotateLabels)
        #expect(layout.labelEvery == 1)
        #expect(layout.xLabels.map(\.text) == ["< 1 min", "1–10 min", "10–60 min", "1–6 h", "6–24 h", "> 1 day"])
    }

    @Test func fewLongCategoriesStayFlatAndShortenedWithTheWholeLabelAsTooltip() throws {
        let chart = try #require(SampleReports.chart("before-after"))
        let layout = ChartLayout(chart)
        #expect(!layout.rotateLabels)
        #expect(layout.xLabels.map(\.full) == chart.categories)
        let shortened = try #require(layout.xLabels.first { $0.category == 1 })
        #expect(shortened.text.hasSuffix("…") && shortened.text.count < chart.categories[1].count)
        #expect(SVGChartRenderer.render(chart).contains("<title>&lt;script&gt;alert(1)&lt;/script&gt;</title>&lt;script&gt;"))
    }

    @Test func aSingleCategoryGetsOneCentredBarOfModestWidth() {
        let chart = ReportChart(id: "one", title: "One", style: .groupedBars, categories: ["only"],
                                series: [.init(name: "count", values: [5])], xAxisLabel: "x", yAxisLabel: "y", unit: "things")
        let layout = ChartLayout(chart)
        let bar = layout.bars[0]
        #expect(layout.bars.count == 1)
        #expect(bar.rect.width <= ChartLayout.maxBarWidth)
        #expect(abs(bar.rect.x + bar.rect.width / 2 - (layout.plot.x + layout.plot.width / 2)) < 1.01)
        #expect(layout.xLabels.map(\.text) == ["only"])
    }

    @Test func aLegendAppearsOnlyForMoreThanOneSeries() throws {
        #expect(ChartLayout(try #require(SampleReports.chart("sync-lag"))).legend.isEmpty)
        let stacked = ChartLayout(try #require(SampleReports.chart("events-per-day")))
        #expect(stacked.legend.map(\.text) == ["individual-upsert", "group-upsert", "resolve-duplicate"])
        let svg = SVGChartRenderer.render(try #require(SampleReports.chart("events-per-day")))
        #expect(svg.contains("<g class=\"legend\">"))
        #expect(svg.contains("fill=\"#0072B2\""))
        #expect(svg.contains("fill=\"#E69F00\""))
    }

    @Test func paletteCyclesBeyondEightSeries() {
        #expect(Set(ChartPalette.colours).count == 8)
        #expect(ChartPalette.colour(8) == ChartPalette.colour(0))
        #expect(ChartPalette.colour(11) == ChartPalette.colour(3))
    }

    @Test func everyBarHasATooltipWithCategorySeriesValueAndUnit() throws {
        let chart = try #require(SampleReports.chart("events-per-day"))
        let svg = SVGChartRenderer.render(chart)
        let layout = ChartLayout(chart)
        #expect(svg.components(separatedBy: "<rect x=").count - 1 == layout.bars.count + layout.legend.count)
        let value = Int(chart.series[1].values[4])
        #expect(svg.contains("<title>day-5 — group-upsert: \(value) events</title>"))
    }

    @Test func hostileLabelsAreEscaped() throws {
        let svg = SVGChartRenderer.render(try #require(SampleReports.chart("before-after")))
        #expect(!svg.contains("<script"))
        #expect(svg.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
        #expect(svg.contains("O&#39;Brien said &quot;hi&quot; &amp; left"))
    }

    @Test func brokenValuesAndEndlessLabelsStillGiveAWellFormedChart() {
        let endless = String(repeating: "label ", count: 2_000)
        let chart = ReportChart(id: "broken", title: endless, style: .stackedBars, categories: ["a", endless, "c"],
                                series: [.init(name: endless, values: [.nan, .infinity, 1e308]), .init(name: "b", values: [-1, 1e308])],
                                xAxisLabel: endless, yAxisLabel: endless, unit: "u")
        let layout = ChartLayout(chart)
        #expect(layout.values == [[0, 0, 1e300], [0, 1e300, 0]])
        #expect(layout.scale.top.isFinite)
        let svg = SVGChartRenderer.render(chart)
        #expect(svg.matches(of: /(?i)\b(nan|inf|infinity)\b/).isEmpty)
        #expect(!svg.matches(of: #/>\d(\.\d\d?)?e\d+<\/text>/#).isEmpty, "beyond trillions in scientific notation")
        #expect(svg.count < endless.count + 8_000, "labels other than the title are shortened: \(svg.count) characters")
    }

    @Test func outputIsDeterministicWithShortNumbers() throws {
        let chart = try #require(SampleReports.chart("events-per-day"))
        #expect(SVGChartRenderer.render(chart) == SVGChartRenderer.render(chart))
        let numbers = SVGChartRenderer.render(chart).matches(of: /="(-?\d+\.\d+)"/).map { String($0.1) }
        #expect(numbers.allSatisfy { $0.split(separator: ".").last.map { $0.count <= 2 } ?? true })
    }
}
