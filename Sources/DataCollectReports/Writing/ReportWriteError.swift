/// Why a report could not be written, in words a data officer can act on.
public struct ReportWriteError: Error, CustomStringConvertible, Sendable, Hashable {
    public enum Reason: Sendable, Hashable {
        /// The folder already holds files: reports are never written over.
        case folderNotEmpty
        /// The path exists and is not a folder.
        case notAFolder
        /// The folder could not be created.
        case cannotCreateFolder
        /// A file of the report could not be written.
        case cannotWriteFile
        /// A table's name is not usable as a CSV file name (lower-case letters, digits, dashes).
        case invalidTableName
        /// Two tables have the same name, so their CSV files would collide.
        case duplicateTableName
        /// A chart's id is not lower-case letters, digits and dashes.
        case invalidChartID
        /// Two charts have the same id.
        case duplicateChartID
    }

    public var reason: Reason
    /// The folder or file concerned (for table and chart problems: the name or id).
    public var path: String
    /// What the system said, when it said something.
    public var detail: String

    public init(_ reason: Reason, path: String, detail: String = "") {
        self.reason = reason
        self.path = path
        self.detail = detail
    }

    public var description: String {
        let cause = detail.isEmpty ? "" : " (\(detail))"
        switch reason {
        case .folderNotEmpty:
            return "The folder \(path) already holds files, and a report is never written over another one. "
                + "Choose a new folder (--out), or move the files there elsewhere first."
        case .notAFolder:
            return "\(path) exists and is not a folder, so the report cannot be written there. Choose another folder (--out)."
        case .cannotCreateFolder:
            return "The report folder \(path) could not be created\(cause). "
                + "Check that its parent folder exists and that you may write there, or choose another folder (--out)."
        case .cannotWriteFile:
            return "The report file \(path) could not be written\(cause). "
                + "Check the free disk space and your permissions on its folder; the report is incomplete, so delete the folder and make it again."
        case .invalidTableName:
            return "The report has a table named \"\(path)\", which cannot be a CSV file name "
                + "(lower-case letters, digits and dashes only). This is a fault in datacollect: please report it."
        case .duplicateTableName:
            return "The report has two tables named \"\(path)\", whose CSV files would overwrite each other. "
                + "This is a fault in datacollect: please report it."
        case .invalidChartID:
            return "The report has a chart with the id \"\(path)\" (only lower-case letters, digits and dashes are allowed). "
                + "This is a fault in datacollect: please report it."
        case .duplicateChartID:
            return "The report has two charts with the id \"\(path)\". This is a fault in datacollect: please report it."
        }
    }
}
