public import DataCollectCore
import DataCollectIntegrity
import DataCollectSQLite
import Foundation

/// Checks an export package completely: every RFC 8493 rule for a valid bag (bagit.py misses
/// some), then ours: the package restores into an empty store, its logs verify, its
/// checkpoints' signatures verify, and its entities give the recorded state hash.
public struct BagValidator {
    /// The result: each problem as a sentence; valid when there are none.
    public struct Report: Sendable {
        public var problems: [String] = []
        public var payloadFiles = 0
        public var integrity: IntegrityReport?
        public var isValid: Bool { problems.isEmpty }
    }

    public var verifierKey: String?

    public init(verifierKey: String? = nil) {
        self.verifierKey = verifierKey
    }

    public func validate(_ path: String) throws -> Report {
        var report = Report()
        var digests: [String: String] = [:]
        var sizes: [String: Int64] = [:]
        var tagText: [String: String] = [:]  // tag files, plus the subject files read whole
        try BagFiles.forEach(at: path) { relative, next in
            var hasher = StreamingSHA256()
            var size: Int64 = 0
            var whole: [UInt8] = []
            let isTag = !relative.hasPrefix("data/") || Self.subjectFiles.contains(relative)
            while let block = try next() {
                hasher.update(block)
                size += Int64(block.count)
                if isTag, whole.count < 16 << 20 { whole.append(contentsOf: block) }
            }
            digests[relative] = hasher.finalizeHex()
            sizes[relative] = size
            if isTag { tagText[relative] = String(decoding: whole, as: UTF8.self) }
        }
        let payload = Set(digests.keys.filter { $0.hasPrefix("data/") })
        let keptPayload = tagText.filter { $0.key.hasPrefix("data/") }
        tagText = tagText.filter { !$0.key.hasPrefix("data/") }
        report.payloadFiles = payload.count

        if let bagit = tagText["bagit.txt"] {
            let lines = bagit.split(whereSeparator: \.isNewline).map(String.init)
            if !lines.contains(where: { $0.hasPrefix("BagIt-Version: ") }) { report.problems.append("bagit.txt has no BagIt-Version line.") }
            if !lines.contains("Tag-File-Character-Encoding: UTF-8") {
                report.problems.append("bagit.txt does not declare Tag-File-Character-Encoding: UTF-8.")
            }
        } else {
            report.problems.append("The package has no bagit.txt: it is not a bag.")
        }
        let payloadManifests = tagText.keys.filter { $0.hasPrefix("manifest-") }
        if payloadManifests.isEmpty { report.problems.append("The package has no payload manifest (manifest-<algorithm>.txt).") }
        for manifest in payloadManifests.sorted() {
            guard manifest == "manifest-sha256.txt" else {
                report.problems.append("\(manifest) uses an algorithm this tool does not check; only SHA-256 manifests are verified.")
                continue
            }
            let listed = check(manifest: tagText[manifest] ?? "", named: manifest, digests: digests, report: &report)
            for file in payload.subtracting(listed).sorted() {
                report.problems.append("The payload file \(file) is not listed in \(manifest).")
            }
        }
        if let tagManifest = tagText["tagmanifest-sha256.txt"] {
            let listed = check(manifest: tagManifest, named: "tagmanifest-sha256.txt", digests: digests, report: &report)
            let tagFiles = Set(tagText.keys.filter { !$0.hasPrefix("tagmanifest-") })
            for file in tagFiles.subtracting(listed).sorted() {
                report.problems.append("The tag file \(file) is not listed in tagmanifest-sha256.txt.")
            }
        } else {
            report.problems.append("The package has no tagmanifest-sha256.txt, so its tag files are not protected.")
        }
        if let info = tagText["bag-info.txt"],
           let oxum = info.split(whereSeparator: \.isNewline).first(where: { $0.hasPrefix("Payload-Oxum: ") }) {
            let expected = "Payload-Oxum: \(payload.reduce(Int64(0)) { $0 + (sizes[$1] ?? 0) }).\(payload.count)"
            if String(oxum) != expected { report.problems.append("bag-info.txt's Payload-Oxum does not match the payload.") }
        }
        guard report.problems.isEmpty else { return report }
        if payload.contains("data/export.json") {
            checkSubjectProofs(keptPayload, report: &report)
            return report
        }
        guard payload.contains("data/store.json") else { return report }

        // Restored into a throwaway SQLite file: it scales to millions of events.
        let scratch = NSTemporaryDirectory() + "datacollect-validate-\(UUID().uuidString).sqlite"
        defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: scratch + suffix) } }
        do {
            let restored = EntityDataManager(store: try SQLiteStore(path: scratch))
            _ = try StoreRestorer(manager: restored).restore(from: path)
            let integrity = try IntegrityVerifier(verifierKey: verifierKey).verify(restored.store)
            report.integrity = integrity
            if let failure = integrity.failure { report.problems.append("The exported logs do not verify: \(failure)") }
        } catch {
            report.problems.append("The package does not restore: \(error)")
        }
        return report
    }

    static let subjectFiles: Set<String> = ["data/export.json", "data/checkpoint.txt", "data/proofs.ndjson"]

    /// A subject export: every inclusion proof leads to its root, and proofs covered by the
    /// checkpoint lead to the checkpoint's signed root.
    private func checkSubjectProofs(_ files: [String: String], report: inout Report) {
        do {
            let export = try JSONParser.parse(files["data/export.json"] ?? "")
            let key = verifierKey ?? export["verifierKey"]?.stringValue ?? ""
            var checkpointRoot: (size: UInt64, root: [UInt8])?
            if let note = files["data/checkpoint.txt"], !note.isEmpty {
                let signed = try SignedNote(parsing: note)
                try NoteVerifier(verifierKey: key).verify(signed)
                let checkpoint = try Checkpoint(body: signed.text)
                checkpointRoot = (checkpoint.size, checkpoint.rootHash)
            }
            for line in (files["data/proofs.ndjson"] ?? "").split(separator: "\n") {
                let proof = try JSONParser.parse(String(line))
                guard let leaf = proof["leafHash"]?.stringValue.flatMap({ [UInt8](hex: $0) }),
                      let index = proof["leafIndex"]?.numberValue?.intValue, let size = proof["treeSize"]?.numberValue?.intValue,
                      let root = proof["rootHash"]?.stringValue.flatMap({ [UInt8](hex: $0) }),
                      let path = proof["auditPath"]?.arrayValue?.compactMap({ $0.stringValue.flatMap { [UInt8](hex: $0) } })
                else {
                    report.problems.append("proofs.ndjson has a line that is not a proof.")
                    continue
                }
                try MerkleVerification.verifyInclusion(leafHash: leaf, index: UInt64(index), size: UInt64(size), proof: path, root: root)
                if proof["coveredByCheckpoint"]?.boolValue == true,
                   checkpointRoot.map({ $0.size != UInt64(size) || $0.root != root }) ?? true {
                    report.problems.append("The proof of \(proof["eventGuid"]?.stringValue ?? "?") does not lead to the signed checkpoint.")
                }
            }
        } catch {
            report.problems.append("The subject export's proofs or checkpoint do not verify: \(error)")
        }
    }

    /// Checks each line of a manifest; returns the paths it lists.
    private func check(manifest text: String, named name: String, digests: [String: String], report: inout Report) -> Set<String> {
        var listed: Set<String> = []
        for line in text.split(whereSeparator: \.isNewline) where !line.isEmpty {
            let parts = line.split(separator: " ", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard parts.count == 2 else {
                report.problems.append("\(name) has a line that is not \"<checksum> <path>\".")
                continue
            }
            let path = parts[1]
            if path.hasPrefix("/") || path.split(separator: "/").contains("..") {
                report.problems.append("\(name) lists the unsafe path \(path).")
                continue
            }
            listed.insert(path)
            guard let digest = digests[path] else {
                report.problems.append("\(name) lists \(path), which is missing from the package.")
                continue
            }
            if digest != parts[0].lowercased() { report.problems.append("\(path) does not match its checksum in \(name).") }
        }
        return listed
    }
}
