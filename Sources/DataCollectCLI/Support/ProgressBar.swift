import Foundation
import Synchronization

/// A one-line progress bar on stderr: the share done, the rate, time left. Silent unless
/// stderr is a terminal (and never while a test captures the output). Safe to update from
/// any thread.
final class ProgressBar: Sendable {
    private let enabled: Bool
    private let label: String
    private let started = Date()
    private let lastDraw = Mutex(Date.distantPast)

    /// `label` starts the line ("events log"), for commands that run several bars.
    init(quiet: Bool, label: String = "") {
        enabled = !quiet && isatty(STDERR_FILENO) == 1 && Console.capture == nil
        self.label = label.isEmpty ? "" : label + " "
    }

    /// For reading a file: bytes read of the total, and the records found so far.
    func update(bytesRead: Int64, totalBytes: Int64, records: Int, force: Bool = false) {
        draw(done: bytesRead, total: totalBytes, rate: records, force: force) { elapsed in
            "\(Self.bytes(bytesRead)) / \(Self.bytes(totalBytes))  \(Int(Double(records) / elapsed)) records/s"
        }
    }

    /// For work counted in items: `done` of `total` records.
    func update(records done: Int, of total: Int, force: Bool = false) {
        draw(done: Int64(done), total: Int64(total), rate: done, force: force) { elapsed in
            "\(done) / \(total) records  \(Int(Double(done) / elapsed)) records/s"
        }
    }

    private func draw(done: Int64, total: Int64, rate: Int, force: Bool, detail: (Double) -> String) {
        guard enabled else { return }
        let now = Date()
        let due = lastDraw.withLock { last in
            guard force || now.timeIntervalSince(last) > 0.2 else { return false }
            last = now
            return true
        }
        guard due else { return }
        let elapsed = max(now.timeIntervalSince(started), 0.001)
        let fraction = total > 0 ? min(1, Double(done) / Double(total)) : 0
        let width = 30
        let filled = Int(fraction * Double(width))
        let bar = String(repeating: "█", count: filled) + String(repeating: "░", count: width - filled)
        let remaining = fraction > 0.01 ? elapsed * (1 - fraction) / fraction : 0
        let line = "\r\(label)\(bar) \(Int(fraction * 100))%  \(detail(elapsed))  ETA \(Self.duration(remaining)) "
        FileHandle.standardError.write(Data(line.utf8))
    }

    func finish() {
        guard enabled else { return }
        FileHandle.standardError.write(Data("\n".utf8))
    }

    static func bytes(_ count: Int64) -> String {
        let units = ["B", "KB", "MB", "GB", "TB"]
        var value = Double(count)
        var unit = 0
        while value >= 1024, unit < units.count - 1 {
            value /= 1024
            unit += 1
        }
        return (unit == 0 ? String(Int(value)) : String(format: "%.1f", value)) + " " + units[unit]
    }

    static func duration(_ seconds: Double) -> String {
        let total = Int(seconds.rounded())
        return total >= 3600 ? "\(total / 3600)h\(total / 60 % 60)m" : "\(total / 60)m\(String(format: "%02d", total % 60))s"
    }
}
