import Foundation

/// Packs a bag directory into a `.tar.gz` or `.zip` holding one top-level folder (the bag's
/// name), `bagit.txt` first so readers can recognise the package from its first member.
enum BagPacker {
    /// Where an exporter writes the bag: `output` itself for a directory, otherwise a folder
    /// named after the package in a fresh temporary directory, packed afterwards.
    static func stagingRoot(for output: String, format: ArchiveExporter.Format) -> String {
        guard format != .dir else { return output }
        return NSTemporaryDirectory() + "datacollect-export-\(UUID().uuidString)/" + bagName(output)
    }

    /// Packs a staged bag into `output` (nothing to do for a directory) and removes the staging.
    static func packIfNeeded(staged bagRoot: String, into output: String, format: ArchiveExporter.Format) throws {
        guard format != .dir else { return }
        defer { try? FileManager.default.removeItem(atPath: (bagRoot as NSString).deletingLastPathComponent) }
        try pack(directory: bagRoot, into: output, format: format)
    }

    /// The package's name without its archive suffix: the bag's top-level folder.
    static func bagName(_ output: String) -> String {
        var name = (output as NSString).lastPathComponent
        for suffix in [".tar.gz", ".tgz", ".zip"] where name.hasSuffix(suffix) { name = String(name.dropLast(suffix.count)) }
        return name.isEmpty ? "export" : name
    }

    static func pack(directory: String, into output: String, format: ArchiveExporter.Format) throws {
        guard !FileManager.default.fileExists(atPath: output) else {
            throw DataCollectExportError("The output \(output) already exists; choose a new path.")
        }
        let name = (directory as NSString).lastPathComponent
        let writer = try ArchiveWriter(path: output, container: format == .zip ? .zip : .tar,
                                       compression: format == .zip ? .none : .gzip)
        let files = (FileManager.default.enumerator(atPath: directory)?.allObjects as? [String] ?? [])
            .filter { relative in
                var isDirectory: ObjCBool = false
                return FileManager.default.fileExists(atPath: "\(directory)/\(relative)", isDirectory: &isDirectory) && !isDirectory.boolValue
            }
            .sorted { ($0 == "bagit.txt" ? 0 : 1, $0) < ($1 == "bagit.txt" ? 0 : 1, $1) }
        for relative in files {
            guard let data = FileManager.default.contents(atPath: "\(directory)/\(relative)") else {
                throw DataCollectExportError("Cannot read \(directory)/\(relative) while packing.")
            }
            try writer.add(path: "\(name)/\(relative)", bytes: Array(data))
        }
        try writer.close()
    }
}
