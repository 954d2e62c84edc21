import DataCollectCore
import DataCollectIntegrity
import DataCollectSQLite
import Foundation

/// Appending to the Merkle log costs O(log n) hashing, never a rebuild: the time per append
/// in windows at 10k, 100k and 1M leaves stays flat. Reference: one SHA-256 of the same leaf
/// input, measured in the same run.
func appendBenchmark(leaves: Int) throws {
    let folder = try Bench.folder()
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let store = try SQLiteStore(path: "\(folder)/append.sqlite")
    let appender = LogAppender()
    let window = 10_000
    let checkpoints = Set([10_000, 100_000, 1_000_000, leaves].filter { $0 <= leaves })
    print("Merkle log append cost: \(leaves) leaves into SQLite, 2 committed fields each, batches of \(window)")
    var appended = 0
    var lastWindow = 0.0
    while appended < leaves {
        let count = min(window, leaves - appended)
        let start = appended
        lastWindow = try Bench.seconds {
            try store.write { transaction in
                for offset in 0..<count {
                    let seq = Int64(start + offset + 1)
                    try appender.append(log: .events, recordSeq: seq,
                                        header: ["guid": .string("g\(seq)")],
                                        values: ["name": .string("Person \(seq)"), "village": "Kalamba"], in: transaction)
                }
            }
        }
        appended += count
        if checkpoints.contains(appended) {
            print(String(format: "  at %8d leaves: %6.2f µs per append (last %d)", appended, lastWindow / Double(count) * 1e6, count))
        }
    }
    var hashes = 0
    let reference = Bench.seconds {
        for index in 0..<window { hashes &+= Int(Digest.sha256(Array("leaf input \(index) with two commitments".utf8))[0]) }
    }
    print(String(format: "  reference: one SHA-256 of a leaf-sized input: %.2f µs (ratio last window / reference: %.0fx)",
                 reference / Double(window) * 1e6, (lastWindow / Double(window)) / (reference / Double(window))))
    _ = hashes
}
