import DataCollectCore
import DataCollectIntegrity
import DataCollectReports
import Foundation
import Testing

@Suite("Report writer")
struct ReportWriterTests {
    @Test func theDefaultFolderIsNamedByKindAndUTCTime() {
        let time = EventTimestamp(epochMilliseconds: 1_709_280_900_250)  // 2024-03-01T08:15:00.250Z
        #expect(ReportWriter.defaultFolder(for: .activity, at: time) == "Reports/activity-20240301T081500Z")
        #expect(ReportWriter.defaultFolder(for: .timeTravel, at: time, under: "/tmp/r") == "/tmp/r/time-travel-20240301T081500Z")
    }

    @Test func writesTheHTMLTheJSONAndOneCSVPerTable() throws {
        let temporary = TemporaryFolder("report-writer")
        defer { temporary.remove() }
        let folder = temporary.appending("nested/report")
        let report = SampleReports.report()
        let written = try ReportWriter().write(report, to: folder)
        #expect(written.folder == folder)
        #expect(written.files == ["\(folder)/report.html", "\(folder)/report.json", "\(folder)/events-per-day.csv",
                                  "\(folder)/rules.csv", "\(folder)/holds.csv"])
        let names = try FileManager.default.contentsOfDirectory(atPath: folder).sorted()
        #expect(names == ["events-per-day.csv", "holds.csv", "report.html", "report.json", "rules.csv"], "no temporary files left")
        let html = try String(contentsOfFile: written.html, encoding: .utf8)
        #expect(html == HTMLReportRenderer.render(report))
        let json = try String(contentsOfFile: written.json, encoding: .utf8)
        #expect(json == report.jsonValue.prettyPrinted() + "\n")
        #expect(try JSONParser.parse(Array(json.utf8)) == report.jsonValue)
        let csv = try String(contentsOfFile: "\(folder)/rules.csv", encoding: .utf8)
        #expect(csv == CSVTableWriter.csv(try #require(report.tables.first { $0.name == "rules" })))
    }

    @Test func anEmptyExistingFolderIsUsed() throws {
        let temporary = TemporaryFolder("report-writer")
        defer { temporary.remove() }
        try FileManager.default.createDirectory(atPath: temporary.path, withIntermediateDirectories: true)
        let written = try ReportWriter().write(SampleReports.report(), to: temporary.path)
        #expect(written.files.allSatisfy { FileManager.default.fileExists(atPath: $0) })
    }

    @Test func refusesAFolderThatHoldsFilesAndChangesNothing() throws {
        let temporary = TemporaryFolder("report-writer")
        defer { temporary.remove() }
        try FileManager.default.createDirectory(atPath: temporary.path, withIntermediateDirectories: true)
        let old = temporary.appending("report.html")
        try "an older report".write(toFile: old, atomically: true, encoding: .utf8)
        let error = try #require(throws: ReportWriteError.self) { try ReportWriter().write(SampleReports.report(), to: temporary.path) }
        #expect(error.reason == .folderNotEmpty)
        #expect(error.description.contains(temporary.path))
        #expect(error.description.contains("never written over"))
        #expect(try String(contentsOfFile: old, encoding: .utf8) == "an older report")
        #expect(try FileManager.default.contentsOfDirectory(atPath: temporary.path) == ["report.html"])
    }

    @Test func refusesAFileInPlaceOfTheFolder() throws {
        let temporary = TemporaryFolder("report-writer")
        defer { temporary.remove() }
        try FileManager.default.createDirectory(atPath: temporary.path, withIntermediateDirectories: true)
        let file = temporary.appending("a-file")
        try "x".write(toFile: file, atomically: true, encoding: .utf8)
        let error = try #require(throws: ReportWriteError.self) { try ReportWriter().write(SampleReports.report(), to: file) }
        #expect(error.reason == .notAFolder)
    }

    @Test(arguments: ["Rules", "../escape", "", "-leading-dash", "rules.csv", "règles"])
    func refusesTableNamesThatAreNotSafeFileNames(name: String) throws {
        let temporary = TemporaryFolder("report-writer")
        defer { temporary.remove() }
        var report = SampleReports.report()
        report.sections.append(ReportSection(title: "Bad", blocks: [.table(ReportTable(name: name, title: "t", columns: [.init("a", "A")], rows: []))]))
        let error = try #require(throws: ReportWriteError.self) { try ReportWriter().write(report, to: temporary.path) }
        #expect(error.reason == .invalidTableName)
        #expect(!FileManager.default.fileExists(atPath: temporary.path), "nothing is written")
    }

    @Test func refusesTwoTablesWithOneNameAndTwoChartsWithOneID() throws {
        let temporary = TemporaryFolder("report-writer")
        defer { temporary.remove() }
        var tables = SampleReports.report()
        tables.sections.append(ReportSection(title: "Again", blocks: [.table(ReportTable(name: "rules", title: "t", columns: [.init("a", "A")], rows: []))]))
        #expect(throws: ReportWriteError(.duplicateTableName, path: "rules")) { try ReportWriter().write(tables, to: temporary.path) }
        var charts = SampleReports.report()
        charts.sections.append(ReportSection(title: "Again", blocks: [.chart(try #require(SampleReports.chart("sync-lag")))]))
        #expect(throws: ReportWriteError(.duplicateChartID, path: "sync-lag")) { try ReportWriter().write(charts, to: temporary.path) }
    }
}
