import DataCollectReports
import Foundation
import Testing

/// Every report kind, built from the fixture and written to disk, checked by
/// `scripts/check-report.py` against its committed schema in `Reports/schemas/`: the JSON
/// validates, the HTML parses as HTML5 without errors and holds one SVG per chart, the CSV
/// headers match.
@Suite("Report kinds on disk", .serialized)
struct ReportKindsFilesTests {
    @Test("each kind's files pass check-report.py against Reports/schemas", .timeLimit(.minutes(10)))
    func everyKindPassesTheIndependentChecks() throws {
        let fixture = try ReportFixture()
        let temporary = TemporaryFolder("report-kinds")
        defer { temporary.remove() }
        let reports = try fixture.allReports()
        #expect(Set(reports.map(\.kind)) == Set(ReportKind.allCases), "the fixture builds every kind")
        for report in reports {
            let written = try ReportWriter().write(report, to: temporary.appending(report.kind.rawValue))
            let result = try PythonReportChecker.checkReport(written.folder)
            #expect(result.status == 0, "\(report.kind.rawValue): check-report.py found problems:\n\(result.output)")
            let html = try String(contentsOfFile: written.html, encoding: .utf8)
            for chart in report.charts {
                #expect(html.contains("id=\"chart-\(chart.id)\""), "\(report.kind.rawValue): chart \(chart.id) missing from the HTML")
            }
            #expect(written.csvFiles.count == report.tables.count)
        }
        let charted = reports.filter { !$0.charts.isEmpty }.map(\.kind)
        for kind in [ReportKind.activity, .retention, .anonymization] {
            #expect(charted.contains(kind), "\(kind.rawValue) draws its charts")
        }
    }
}
