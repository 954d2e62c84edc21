@testable import DataCollectReports
import Foundation
import Testing

@Suite("HTML report page")
struct HTMLReportRendererTests {
    let html = HTMLReportRenderer.render(SampleReports.report())

    @Test func escapingCoversTextAndAttributes() {
        #expect(HTMLEscaping.text("<b>\"A&B\"</b> 'x'") == "&lt;b&gt;&quot;A&amp;B&quot;&lt;/b&gt; &#39;x&#39;")
        #expect(HTMLEscaping.attribute("a\" onclick=\"x") == "a&quot; onclick=&quot;x")
        #expect(HTMLEscaping.text("a\u{00}b\u{07}c\rd\u{7F}e\u{85}f\u{FFFE}g\th\ni") == "abcdefg\th\ni")
    }

    @Test func hostileTextIsEscapedAndThePageHoldsNoScript() {
        #expect(!html.lowercased().contains("<script"))
        #expect(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
        #expect(html.contains("O&#39;Brien said &quot;hi&quot; &amp; left"))
        #expect(!html.contains("\u{07}") && !html.contains("\u{00}") && !html.contains("\r") && !html.contains("\u{1B}"))
        #expect(html.matches(of: /\son[a-z]+\s*=/).isEmpty, "no inline event handlers")
    }

    @Test func thePageIsSelfContainedHTML5() {
        #expect(html.hasPrefix("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"))
        #expect(html.contains("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"))
        #expect(html.contains("<title>Sample report &lt;script&gt;alert(1)&lt;/script&gt;</title>"))
        #expect(html.components(separatedBy: "<style>").count == 2, "one stylesheet")
        #expect(html.contains("@media print"))
        #expect(html.contains("break-inside: avoid"))
        #expect(html.hasSuffix("</html>\n"))
        // The only URL is the SVG namespace; the only links point to CSV files beside the page.
        let urls = html.matches(of: /https?:\/\/[^"\s<]*/).map { String($0.0) }
        #expect(Set(urls) == ["http://www.w3.org/2000/svg"])
        let links = html.matches(of: /href="([^"]*)"/).map { String($0.1) }
        #expect(links == ["events-per-day.csv"])
        #expect(!html.contains(" src="))
        #expect(!html.contains("<link"))
    }

    @Test func theHeaderShowsTitleStatusHeadlineAndTime() {
        #expect(html.contains("<div class=\"status status-attention\"><span class=\"badge\">Needs attention</span>"))
        #expect(html.contains("3 collectors sent 1,234 events; 2 rules need attention."))
        #expect(html.contains("<time datetime=\"2024-03-01T08:15:00.000Z\">2024-03-01 08:15:00 UTC</time>"))
        for (status, label) in [(ReportStatus.ok, "OK"), (.failure, "Failure")] {
            var report = SampleReports.report()
            report.status = status
            #expect(HTMLReportRenderer.render(report).contains("status-\(status.rawValue)\"><span class=\"badge\">\(label)</span>"))
        }
    }

    @Test func resultsComeFirstAndHowTheReportWasMadeLast() throws {
        let sections = ["<h2>Overview", "<h2>Activity</h2>", "<h2>Rules</h2>", "<h2>Sync lag</h2>", "<h2>Nothing to show</h2>",
                        "<h2>How this report was made</h2>", "<footer>"]
        let positions = try sections.map { try #require(html.range(of: $0)?.lowerBound, "\($0) missing") }
        #expect(positions == positions.sorted())
        #expect(html.contains("<footer>Made by datacollect 0.1.0. The same figures are in report.json.</footer>"))
    }

    @Test func theInputsAreAllStated() {
        let inputs = String(html[(html.range(of: "How this report was made")?.lowerBound ?? html.startIndex)...])
        #expect(inputs.contains("registry &lt;script&gt;alert(1)&lt;/script&gt;.sqlite"))
        #expect(inputs.contains("datacollect 0.1.0"))
        #expect(inputs.contains(String(repeating: "ab", count: 32)), "the events log's root")
        #expect(inputs.contains(String(repeating: "cd", count: 32)), "the checkpoint's root")
        #expect(inputs.contains(String(repeating: "e3", count: 32)), "the policy file's hash")
        #expect(inputs.contains("household-retention"))
        #expect(inputs.contains("--policy") && inputs.contains("Policies/x.yaml"))
        #expect(inputs.contains("1,234"))
    }

    @Test func blocksBecomeParagraphsFactsFiguresAndTables() {
        #expect(html.contains("<p>This paragraph holds &lt;script&gt;"))
        #expect(html.contains("<dl class=\"facts\">\n<div><dt>Events</dt><dd>1,234</dd></div>"))
        #expect(html.contains("<div class=\"wide\"><dt>&lt;script&gt;"), "a long value gets a wide card")
        #expect(html.components(separatedBy: "<figure class=\"chart-figure\">").count - 1 == 5)
        #expect(html.components(separatedBy: "<svg ").count - 1 == 5)
        #expect(html.contains("<figcaption><span class=\"chart-title\">Events per day, by type</span> "
                              + "<span class=\"chart-caption\">By the time the event was captured on the device.</span></figcaption>"))
        #expect(html.contains("<table id=\"table-rules\">\n<caption>Rules &lt;script&gt;"))
        #expect(html.contains("<th scope=\"col\" class=\"num\">Matched</th>"))
    }

    @Test func numbersAreRightAlignedAndGrouped() {
        #expect(html.contains("<td class=\"num\">1,234,567</td><td class=\"num\">0.25</td>"))
        #expect(html.contains("<td class=\"num\">-3</td><td class=\"num\">1,234.5</td>"))
        #expect(html.contains("<td class=\"num null\">—</td>"))
        #expect(html.contains("<time datetime=\"2024-03-01T08:15:00.000Z\">2024-03-01 08:15:00 UTC</time></td>"))
        #expect(html.contains("<td class=\"nw\">not a time</td>"), "short text stays on one line")
        #expect(html.contains(">=cmd|&#39; /C calc&#39;!A0</td>"), "HTML shows text as it is (the CSV guards it)")
        #expect(html.contains("<td>line one\nline two, with comma</td>"), "longer text may wrap")
    }

    @Test func longTablesShowTheirLimitAndPointToTheCSV() throws {
        let table = try #require(SampleReports.report().tables.first { $0.name == "events-per-day" })
        let start = try #require(html.range(of: "<table id=\"table-events-per-day\">"))
        let end = try #require(html.range(of: "</table>", range: start.upperBound..<html.endIndex))
        let rows = html[start.upperBound..<end.lowerBound].components(separatedBy: "<tr>").count - 1
        #expect(rows == table.htmlRowLimit + 1, "the header row and the first \(table.htmlRowLimit) rows")
        #expect(html.contains("First 50 of 120 rows; all rows are in <a href=\"events-per-day.csv\">events-per-day.csv</a>."))
    }

    @Test func emptyTablesSayTheirEmptyText() {
        #expect(html.contains("<tr><td class=\"empty\" colspan=\"2\">No legal hold applies.</td></tr>"))
    }
}
