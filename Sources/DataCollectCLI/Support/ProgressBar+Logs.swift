import DataCollectCore

extension ProgressBar {
    /// Progress for ``IntegrityVerifier``: one bar per log ("events log", "audit log"), each
    /// ended when its log has been read.
    static func perLog(quiet: Bool) -> @Sendable (_ log: LogName, _ recordsRead: Int, _ logSize: Int) -> Void {
        let bars = LogName.allCases.map { ($0, ProgressBar(quiet: quiet, label: "\($0.rawValue) log")) }
        return { log, read, size in
            guard let bar = bars.first(where: { $0.0 == log })?.1 else { return }
            bar.update(records: read, of: size, force: read >= size)
            if read >= size { bar.finish() }
        }
    }
}
