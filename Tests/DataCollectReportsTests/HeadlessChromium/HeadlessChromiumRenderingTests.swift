import DataCollectReports
import Foundation
import Testing

/// A real browser draws the activity report of the fixture registry: headless Chromium takes a
/// screenshot of `report.html`, and `scripts/check-png.py` checks the picture is a PNG that is
/// not blank.
///
/// Chromium comes from `scripts/install-deps.sh` (Debian packages `chromium` and
/// `fonts-dejavu-core`); the test fails, not skips, when it is missing.
@Suite("Headless Chromium rendering", .serialized)
struct HeadlessChromiumRenderingTests {
    static let candidates = ["chromium", "chromium-browser", "chromium-headless-shell"]

    /// The first Chromium binary on the PATH (or in /usr/bin).
    static func chromium() -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? ""
        let folders = path.split(separator: ":").map(String.init) + ["/usr/bin", "/usr/local/bin"]
        for name in candidates {
            for folder in folders where FileManager.default.isExecutableFile(atPath: "\(folder)/\(name)") {
                return "\(folder)/\(name)"
            }
        }
        return nil
    }

    @Test("the activity report renders to a non-blank screenshot", .timeLimit(.minutes(10)))
    func chromiumDrawsTheReport() throws {
        let browser = try #require(Self.chromium(), """
            No Chromium found (looked for \(Self.candidates.joined(separator: ", ")) on the PATH). \
            Run scripts/install-deps.sh, which installs the Debian packages chromium and fonts-dejavu-core.
            """)
        let temporary = TemporaryFolder("report-chromium")
        defer { temporary.remove() }
        let report = try ActivityReport().build(ReportFixture().context())
        #expect(!report.charts.isEmpty)
        let written = try ReportWriter().write(report, to: temporary.appending("report"))
        let screenshot = temporary.appending("report.png")
        let status = try ProcessRunner.run(browser, [
            "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--no-first-run", "--disable-dev-shm-usage",
            "--user-data-dir=\(temporary.appending("profile"))", "--window-size=1200,1600", "--screenshot=\(screenshot)",
            URL(fileURLWithPath: written.html).absoluteString,
        ], timeout: .seconds(60))
        try #require(status != nil, "Chromium did not finish within 60 seconds and was killed.")
        #expect(status == 0, "Chromium exited with status \(status ?? -1).")
        try #require(FileManager.default.fileExists(atPath: screenshot), "Chromium wrote no screenshot to \(screenshot).")
        let check = try PythonReportChecker.checkPNG(screenshot)
        #expect(check.status == 0, "The screenshot looks wrong:\n\(check.output)")
    }
}
