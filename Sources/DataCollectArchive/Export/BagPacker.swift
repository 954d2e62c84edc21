import Foundation

/// Packs a bag directory into a `.tar.gz` or `.zip` holding one top-level folder (the bag's
/// name), `bagit.txt` first so readers can recognise the package from its first member.
enum BagPacker {
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
