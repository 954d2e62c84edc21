import Foundation

/// A one-line progress bar on stderr: bytes read of total, records per second, time left.
/// Silent unless stderr is a terminal.
final class ProgressBar {
    private let enabled: Bool
    private let started = Date()
    private var lastDraw = Date.distantPast

    init(quiet: Bool) {
        enabled = !quiet && isatty(STDERR_FILENO) == 1 && Console.capture == nil
    }

    func update(bytesRead: Int64, totalBytes: Int64, records: Int, force: Bool = false) {
        guard enabled else { return }
        let now = Date()
        guard force || now.timeIntervalSince(lastDraw) > 0.2 else { return }
        lastDraw = now
        let elapsed = max(now.timeIntervalSince(started), 0.001)
        let fraction = totalBytes > 0 ? min(1, Double(bytesRead) / Double(totalBytes)) : 0
        let width = 30
        let filled = Int(fraction * Double(width))
        let bar = String(repeating: "█", count: filled) + String(repeating: "░", count: width - filled)
        let rate = Double(records) / elapsed
        let remaining = fraction > 0.01 ? elapsed * (1 - fraction) / fraction : 0
        let line = "\r\(bar) \(Int(fraction * 100))%  \(Self.bytes(bytesRead)) / \(Self.bytes(totalBytes))  "
            + "\(Int(rate)) records/s  ETA \(Self.duration(remaining)) "
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
