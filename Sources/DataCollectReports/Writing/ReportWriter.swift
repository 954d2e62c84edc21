public import DataCollectCore
import DataCollectIntegrity
import Foundation

/// The files of one written report.
public struct WrittenReport: Sendable, Hashable {
    /// The report's folder, as given to ``ReportWriter/write(_:to:)``.
    public var folder: String
    /// The path of `report.html`.
    public var html: String
    /// The path of `report.json`.
    public var json: String
    /// The path of each table's CSV file, in the order of the tables.
    public var csvFiles: [String]

    /// Every file written: `report.html`, `report.json`, then the CSV files.
    public var files: [String] { [html, json] + csvFiles }

    public init(folder: String, html: String, json: String, csvFiles: [String]) {
        self.folder = folder
        self.html = html
        self.json = json
        self.csvFiles = csvFiles
    }
}

/// Writes a report to a new folder: `report.html`, `report.json` and one CSV per table.
///
/// The folder must be new or empty: a report is never written over another. Each file is
/// written to a temporary name in the folder first and then renamed, so a file that is there
/// is whole.
public struct ReportWriter: Sendable {
    public init() {}

    /// `Reports/<kind>-<UTC time as yyyyMMdd'T'HHmmss'Z'>`, e.g. `Reports/activity-20240301T081500Z`.
    public static func defaultFolder(for kind: ReportKind, at time: EventTimestamp, under root: String = "Reports") -> String {
        let stamp = time.iso8601.prefix(19).filter { $0 != "-" && $0 != ":" }
        return "\(root)/\(kind.rawValue)-\(stamp)Z"
    }

    /// Writes `report` to `folder` (created with its parents when missing).
    ///
    /// - Throws: ``ReportWriteError`` when the folder holds files or is a file, when a table's
    ///   name or a chart's id is unusable or repeated, or when a file cannot be written.
    @discardableResult
    public func write(_ report: Report, to folder: String) throws -> WrittenReport {
        try Self.checkNames(report)
        try Self.prepare(folder)
        let html = "\(folder)/report.html"
        let json = "\(folder)/report.json"
        try Self.writeAtomically(HTMLReportRenderer.render(report), to: html, in: folder)
        try Self.writeAtomically(report.jsonValue.prettyPrinted() + "\n", to: json, in: folder)
        var csvFiles: [String] = []
        for table in report.tables {
            let path = "\(folder)/\(table.csvFileName)"
            try Self.writeAtomically(CSVTableWriter.csv(table), to: path, in: folder)
            csvFiles.append(path)
        }
        return WrittenReport(folder: folder, html: html, json: json, csvFiles: csvFiles)
    }

    /// Table names and chart ids must be lower-case letters, digits and dashes, each used once.
    static func checkNames(_ report: Report) throws {
        var tables: Set<String> = []
        for table in report.tables {
            guard isSafeName(table.name) else { throw ReportWriteError(.invalidTableName, path: table.name) }
            guard tables.insert(table.name).inserted else { throw ReportWriteError(.duplicateTableName, path: table.name) }
        }
        var charts: Set<String> = []
        for chart in report.charts {
            guard isSafeName(chart.id) else { throw ReportWriteError(.invalidChartID, path: chart.id) }
            guard charts.insert(chart.id).inserted else { throw ReportWriteError(.duplicateChartID, path: chart.id) }
        }
    }

    /// `^[a-z0-9][a-z0-9-]*$`.
    static func isSafeName(_ name: String) -> Bool {
        func allowed(_ byte: UInt8) -> Bool {
            (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
        }
        guard let first = name.utf8.first, allowed(first) else { return false }
        return name.utf8.allSatisfy { allowed($0) || $0 == UInt8(ascii: "-") }
    }

    /// Creates the folder, or accepts it when it exists, is a folder and is empty.
    private static func prepare(_ folder: String) throws {
        let files = FileManager.default
        var isFolder: ObjCBool = false
        if files.fileExists(atPath: folder, isDirectory: &isFolder) {
            guard isFolder.boolValue else { throw ReportWriteError(.notAFolder, path: folder) }
            let entries: [String]
            do {
                entries = try files.contentsOfDirectory(atPath: folder)
            } catch {
                throw ReportWriteError(.cannotCreateFolder, path: folder, detail: Self.reason(error))
            }
            guard entries.isEmpty else { throw ReportWriteError(.folderNotEmpty, path: folder) }
            return
        }
        do {
            try files.createDirectory(atPath: folder, withIntermediateDirectories: true)
        } catch {
            throw ReportWriteError(.cannotCreateFolder, path: folder, detail: Self.reason(error))
        }
    }

    /// Writes to `.<name>.partial` in the folder, then renames it to `path` (which must not exist).
    private static func writeAtomically(_ text: String, to path: String, in folder: String) throws {
        let name = URL(fileURLWithPath: path).lastPathComponent
        let temporary = URL(fileURLWithPath: "\(folder)/.\(name).partial")
        do {
            try Data(text.utf8).write(to: temporary, options: .withoutOverwriting)
            try FileManager.default.moveItem(at: temporary, to: URL(fileURLWithPath: path))
        } catch {
            try? FileManager.default.removeItem(at: temporary)
            throw ReportWriteError(.cannotWriteFile, path: path, detail: Self.reason(error))
        }
    }

    private static func reason(_ error: any Error) -> String {
        (error as NSError).localizedDescription
    }
}
