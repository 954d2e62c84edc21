public import DataCollectCore
public import DataCollectIntegrity

/// A BagIt package of ready-made files (an anonymized release: tables and a description),
/// written through the same writer and packer as the other exports.
public enum ReleasePackage {
    /// Writes `files` (paths under `data/`) as a bag at `output`; `info` goes into bag-info.txt.
    public static func write(files: [(path: String, bytes: [UInt8])], info: [(String, String)], to output: String,
                             format: ArchiveExporter.Format, at time: EventTimestamp = .now()) throws {
        let bagRoot = BagPacker.stagingRoot(for: output, format: format)
        let writer = try BagItWriter(root: bagRoot)
        for file in files {
            try writer.addPayload(file.path) { try $0.write(file.bytes) }
        }
        try writer.finish(info: info, baggingDate: String(time.iso8601.prefix(10)))
        try BagPacker.packIfNeeded(staged: bagRoot, into: output, format: format)
    }
}
