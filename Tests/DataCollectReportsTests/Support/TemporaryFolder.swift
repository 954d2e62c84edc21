import Foundation

/// A new, empty folder path under the temporary directory (not created), removed by ``remove()``.
struct TemporaryFolder {
    let path: String

    init(_ name: String) {
        path = FileManager.default.temporaryDirectory
            .appendingPathComponent("datacollect-\(name)-\(UUID().uuidString)").path
    }

    func appending(_ component: String) -> String { "\(path)/\(component)" }

    func remove() {
        try? FileManager.default.removeItem(atPath: path)
    }
}
