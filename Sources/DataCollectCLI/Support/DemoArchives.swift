import DataCollectArchive
import DataCollectCore
import DataCollectIntegrity
import Foundation

/// The demo's device-style archives: a .tar.gz with the events split per collector device
/// (plus three malformed records, as real devices produce), and the late offline batch as a
/// gzipped JSON Lines file.
enum DemoArchives {
    static func write(_ onTime: [Event], late: [Event], deviceArchive: String, lateArchive: String) throws {
        for path in [deviceArchive, lateArchive] { try? FileManager.default.removeItem(atPath: path) }
        let byDevice = Dictionary(grouping: onTime, by: \.userId)
        let writer = try ArchiveWriter(path: deviceArchive, container: .tar, compression: .gzip)
        for (device, events) in byDevice.sorted(by: { $0.key < $1.key }) {
            var bytes: [UInt8] = events.flatMap { $0.jsonValue.canonicalBytes + [UInt8(0x0A)] }
            if device == byDevice.keys.sorted().first {
                bytes += Array(#"{"guid":"broken-1","entityGuid":"x","type":"create-individual","data":{},"timestamp":"2024-02-01T10:00:00Z","userId":"demo"}"#.utf8) + [0x0A]
                bytes += Array(#"{"guid":"broken-2","entityGuid":"x","type":"create-individual","data":{"name":"N"},"timestamp":"yesterday","userId":"demo"}"#.utf8) + [0x0A]
                bytes += Array(#"{"guid":"broken-3", "data": {"name": "cut off"#.utf8) + [0x0A]
            }
            try writer.add(path: "devices/\(device)/events.jsonl", bytes: bytes)
        }
        try writer.close()
        let lateWriter = try ArchiveWriter(path: lateArchive, container: .plain, compression: .gzip)
        try lateWriter.add(path: "offline-batch.jsonl", bytes: late.flatMap { $0.jsonValue.canonicalBytes + [UInt8(0x0A)] })
        try lateWriter.close()
    }
}
