import DataCollectIntegrity
import Foundation

/// Reads the files of a bag, whether a directory or a `.tar.gz`/`.zip` of one, streaming:
/// each file's path relative to the bag's root and its bytes in blocks.
enum BagFiles {
    /// Calls `body` once per regular file with its bag-relative path and a block reader.
    static func forEach(at path: String, _ body: (String, () throws -> UnsafeRawBufferPointer?) throws -> Void) throws {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw DataCollectExportError("The package \(path) does not exist.")
        }
        if isDirectory.boolValue {
            let files = (FileManager.default.enumerator(atPath: path)?.allObjects as? [String] ?? []).sorted()
            for relative in files {
                var isDir: ObjCBool = false
                guard FileManager.default.fileExists(atPath: "\(path)/\(relative)", isDirectory: &isDir), !isDir.boolValue,
                      let handle = FileHandle(forReadingAtPath: "\(path)/\(relative)")
                else { continue }
                defer { try? handle.close() }
                var storage: Data = Data()
                try body(relative) {
                    storage = handle.readData(ofLength: 1 << 20)
                    guard !storage.isEmpty else { return nil }
                    return storage.withUnsafeBytes { UnsafeRawBufferPointer(start: $0.baseAddress, count: $0.count) }
                }
            }
            return
        }
        let stream = try LibArchiveStream(path: path)
        var prefix: String?
        while let entry = try stream.nextEntry() {
            guard entry.kind == .regularFile, let member = entry.path else { continue }
            let clean = member.hasPrefix("./") ? String(member.dropFirst(2)) : member
            // A packed bag holds one top-level folder: paths are taken relative to it.
            let parts = clean.split(separator: "/", maxSplits: 1).map(String.init)
            if prefix == nil { prefix = parts.count == 2 ? parts[0] : "" }
            let relative = (prefix?.isEmpty == false && parts.count == 2 && parts[0] == prefix) ? parts[1] : clean
            try body(relative) { try stream.readBlock() }
        }
    }
}
