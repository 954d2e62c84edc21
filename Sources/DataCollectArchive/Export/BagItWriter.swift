import DataCollectIntegrity
import Foundation

/// Writes a BagIt package (RFC 8493) into a directory: payload files under `data/`, each
/// hashed while it is written, then `bagit.txt`, `manifest-sha256.txt`, `bag-info.txt` and
/// `tagmanifest-sha256.txt`.
final class BagItWriter {
    /// A payload file being written, hashed as it goes.
    final class PayloadFile {
        private let handle: FileHandle
        private var hasher = StreamingSHA256()
        private(set) var size: Int64 = 0

        init(path: String) throws {
            guard FileManager.default.createFile(atPath: path, contents: nil, attributes: [.posixPermissions: 0o600]),
                  let handle = FileHandle(forWritingAtPath: path)
            else { throw CocoaError(.fileWriteNoPermission, userInfo: [NSFilePathErrorKey: path]) }
            self.handle = handle
        }

        func write(_ bytes: [UInt8]) throws {
            hasher.update(bytes)
            size += Int64(bytes.count)
            try handle.write(contentsOf: bytes)
        }

        func writeLine(_ value: JSONValue) throws {
            try write(value.canonicalBytes + [0x0A])
        }

        func close() throws -> (digest: String, size: Int64) {
            try handle.close()
            return (hasher.finalizeHex(), size)
        }
    }

    let root: String
    private var payload: [(path: String, digest: String, size: Int64)] = []

    init(root: String) throws {
        self.root = root
        guard !FileManager.default.fileExists(atPath: root) else {
            throw DataCollectExportError("The output \(root) already exists; choose a new path.")
        }
        try FileManager.default.createDirectory(atPath: root + "/data", withIntermediateDirectories: true)
    }

    /// Writes one payload file (`relativePath` under `data/`).
    func addPayload(_ relativePath: String, _ body: (PayloadFile) throws -> Void) throws {
        let path = "\(root)/data/\(relativePath)"
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        let file = try PayloadFile(path: path)
        try body(file)
        let (digest, size) = try file.close()
        payload.append(("data/\(relativePath)", digest, size))
    }

    /// Writes the tag files; `info` goes into bag-info.txt after the standard fields.
    func finish(info: [(String, String)], baggingDate: String) throws {
        let bagit = "BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n"
        let manifest = payload.sorted { $0.path < $1.path }.map { "\($0.digest)  \($0.path)\n" }.joined()
        let octets = payload.reduce(Int64(0)) { $0 + $1.size }
        var bagInfo = "Bagging-Date: \(baggingDate)\nPayload-Oxum: \(octets).\(payload.count)\n"
        for (key, value) in info { bagInfo += "\(key): \(value)\n" }
        var tagFiles: [(String, String)] = []
        for (name, text) in [("bagit.txt", bagit), ("manifest-sha256.txt", manifest), ("bag-info.txt", bagInfo)] {
            let bytes = Array(text.utf8)
            guard FileManager.default.createFile(atPath: "\(root)/\(name)", contents: Data(bytes)) else {
                throw DataCollectExportError("Cannot write \(root)/\(name).")
            }
            tagFiles.append((name, Digest.sha256Hex(bytes)))
        }
        let tagManifest = tagFiles.map { "\($0.1)  \($0.0)\n" }.joined()
        guard FileManager.default.createFile(atPath: "\(root)/tagmanifest-sha256.txt", contents: Data(tagManifest.utf8)) else {
            throw DataCollectExportError("Cannot write \(root)/tagmanifest-sha256.txt.")
        }
    }
}

/// A problem writing or reading an export package, as a sentence.
public struct DataCollectExportError: Error, CustomStringConvertible {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
