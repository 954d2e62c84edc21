public import DataCollectCore
import DataCollectIntegrity
import Foundation

/// Streams event archives into a store: every record validated, valid ones appended (and
/// applied and sealed) in transactions of `batchSize`, bad ones quarantined with their source
/// and reason. Idempotent: re-running an import appends nothing twice, and a run killed at
/// any moment resumes where its last committed batch ended.
///
/// ```swift
/// let importer = EventImporter(manager: manager, options: .init(quarantinePath: "rejects.jsonl"))
/// let summary = try importer.importArchives(["device-17.tar.gz"])
/// ```
public final class EventImporter {
    public struct Options: Sendable {
        public var batchSize = 1_000
        public var limits = ArchiveLimits()
        public var quarantinePath: String
        /// Who imports (the author of the run's `import` audit entry).
        public var actor: String

        public init(batchSize: Int = 1_000, limits: ArchiveLimits = ArchiveLimits(), quarantinePath: String,
                    actor: String = "import") {
            self.batchSize = batchSize
            self.limits = limits
            self.quarantinePath = quarantinePath
            self.actor = actor
        }
    }

    /// Progress for a display: compressed bytes read of the total, records read so far.
    public struct Progress: Sendable {
        public var bytesRead: Int64
        public var totalBytes: Int64
        public var records: Int
    }

    private let manager: EntityDataManager
    private let options: Options
    private var summary = ImportSummary()
    private var quarantine: QuarantineWriter?
    private var batch: [(location: RecordLocation, value: JSONValue, original: [UInt8])] = []
    private var bytesBeforeCurrentArchive: Int64 = 0

    public init(manager: EntityDataManager, options: Options) {
        self.manager = manager
        self.options = options
    }

    public func importArchives(_ paths: [String], progress: ((Progress) -> Void)? = nil) throws -> ImportSummary {
        summary = ImportSummary()
        summary.archives = paths
        summary.quarantinePath = options.quarantinePath
        quarantine = try QuarantineWriter(path: options.quarantinePath)
        let total = paths.reduce(Int64(0)) { $0 + Self.fileSize($1) }
        bytesBeforeCurrentArchive = 0
        for path in paths {
            try importArchive(path, total: total, progress: progress)
            bytesBeforeCurrentArchive += Self.fileSize(path)
        }
        try flush()
        try manager.recordAccess(action: ImportSummary.auditAction, actor: options.actor, entityGuid: "",
                                 details: summary.auditDetails(archiveBytes: paths.map(Self.fileSize)), at: .now())
        progress?(Progress(bytesRead: total, totalBytes: total, records: summary.read))
        return summary
    }

    // MARK: Archives and members

    private struct Reading {
        let archive: String
        let outer: LibArchiveStream
        var expanded: Int64 = 0
    }

    private func importArchive(_ path: String, total: Int64, progress: ((Progress) -> Void)?) throws {
        let whole = RecordLocation(archive: path, member: nil, position: .wholeMember)
        guard FileManager.default.fileExists(atPath: path) else {
            return try report(whole, ImportProblem.Code.fileNotFound, "The file does not exist or cannot be read.")
        }
        guard Self.fileSize(path) > 0 else {
            return try report(whole, ImportProblem.Code.emptyFile, "The file is empty (0 bytes): there is nothing to import.")
        }
        if StoreRestorer.isExportPackage(path) {
            return try importPackageEvents(path)
        }
        let stream: LibArchiveStream
        do {
            stream = try LibArchiveStream(path: path)
        } catch let failure as LibArchiveStream.Failure {
            return try report(whole, ImportProblem.Code.unreadableArchive, "The file cannot be opened as an archive: \(failure.message).")
        }
        var reading = Reading(archive: path, outer: stream)
        do {
            try importMembers(of: stream, prefix: nil, depth: 0, reading: &reading, total: total, progress: progress)
        } catch let stop as StopArchive {
            try report(stop.location, stop.code, stop.message)
        }
    }

    /// Why reading an archive stopped early (damage, a bomb, too deep): reported once.
    private struct StopArchive: Error {
        let location: RecordLocation
        let code: String
        let message: String
    }

    /// Reads every member of a stream. A member is opened as a stream of its own, so that a
    /// compressed file or a container inside a container is read too, down to `maxNestingDepth`.
    private func importMembers(of stream: LibArchiveStream, prefix: String?, depth: Int, reading: inout Reading,
                               total: Int64, progress: ((Progress) -> Void)?) throws {
        while true {
            let entry: LibArchiveStream.Entry
            do {
                guard let next = try stream.nextEntry() else { return }
                entry = next
            } catch let failure as LibArchiveStream.Failure {
                throw StopArchive(location: RecordLocation(archive: reading.archive, member: prefix, position: .wholeMember),
                                  code: ImportProblem.Code.corruptArchive,
                                  message: "The archive is damaged or truncated: \(failure.message). Records before this point were imported.")
            }
            let memberPath = [prefix, entry.path].compactMap { $0 }.joined(separator: "!")
            let member = memberPath.isEmpty ? nil : memberPath
            let location = RecordLocation(archive: reading.archive, member: member, position: .wholeMember)
            switch entry.kind {
            case .directory: continue
            case .symbolicLink:
                try report(location, ImportProblem.Code.symbolicLink, "The member is a symbolic link; links are never followed.")
                continue
            case .other:
                try report(location, ImportProblem.Code.unsupportedMember, "The member is not a regular file; it was skipped.")
                continue
            case .regularFile:
                break
            }
            if let path = entry.path, Self.isUnsafe(path) {
                try report(location, ImportProblem.Code.unsafePath,
                           "The member's path is absolute or climbs out with \"..\"; it was not read.")
                continue
            }
            guard let first = try readBlock(stream, location) else {
                try report(location, ImportProblem.Code.emptyFile, "The member is empty (0 bytes).")
                continue
            }
            if entry.path == nil {
                // The stream's own content (a plain or compressed file): records.
                let name = prefix ?? Self.strippingCompressionSuffix(reading.archive)
                try readRecords(from: stream, first: first, name: name, member: member, location: location,
                                reading: &reading, total: total, progress: progress)
                continue
            }
            guard depth < options.limits.maxNestingDepth else {
                throw StopArchive(location: location, code: ImportProblem.Code.nestedArchive,
                                  message: "Archives are nested more than \(options.limits.maxNestingDepth) deep; reading stopped.")
            }
            let nested: LibArchiveStream
            do {
                nested = try LibArchiveStream(member: stream, firstBlock: first)
            } catch let failure as LibArchiveStream.Failure {
                try report(location, ImportProblem.Code.corruptArchive, "The member cannot be read: \(failure.message).")
                continue
            }
            try importMembers(of: nested, prefix: memberPath, depth: depth + 1, reading: &reading, total: total, progress: progress)
        }
    }

    private func readBlock(_ stream: LibArchiveStream, _ location: RecordLocation) throws -> UnsafeRawBufferPointer? {
        do {
            return try stream.readBlock()
        } catch let failure as LibArchiveStream.Failure {
            throw StopArchive(location: location, code: ImportProblem.Code.corruptArchive,
                              message: "The data is damaged or truncated: \(failure.message). Records before this point were imported.")
        }
    }

    private func readRecords(from stream: LibArchiveStream, first: UnsafeRawBufferPointer, name: String, member: String?,
                             location: RecordLocation, reading: inout Reading, total: Int64,
                             progress: ((Progress) -> Void)?) throws {
        var splitter = RecordSplitter(maxRecordBytes: options.limits.maxRecordBytes,
                                      preferWholeValues: Self.strippingCompressionSuffix(name).lowercased().hasSuffix(".json"))
        let archive = reading.archive
        let emit = { [self] (record: SplitRecord) throws in try handle(record, archive: archive, member: member) }
        var block: UnsafeRawBufferPointer? = first
        while let current = block {
            reading.expanded += Int64(current.count)
            summary.expandedBytes += Int64(current.count)
            if reading.expanded > options.limits.maxExpandedBytes {
                throw StopArchive(location: location, code: ImportProblem.Code.expandedTooLarge,
                                  message: "The archive expands to more than \(options.limits.maxExpandedBytes) bytes; reading stopped.")
            }
            let compressed = max(reading.outer.compressedBytesRead, 1)
            if reading.expanded > options.limits.ratioGraceBytes,
               Double(reading.expanded) / Double(compressed) > options.limits.maxExpansionRatio {
                throw StopArchive(location: location, code: ImportProblem.Code.compressionBomb,
                                  message: "The archive expands more than \(Int(options.limits.maxExpansionRatio)) times its compressed size: a decompression bomb. Reading stopped.")
            }
            try splitter.feed(current, emit: emit)
            progress?(Progress(bytesRead: bytesBeforeCurrentArchive + reading.outer.compressedBytesRead,
                               totalBytes: total, records: summary.read))
            do {
                block = try stream.readBlock()
            } catch let failure as LibArchiveStream.Failure {
                try splitter.finish(emit: emit)
                throw StopArchive(location: location, code: ImportProblem.Code.corruptArchive,
                                  message: "The data is damaged or truncated: \(failure.message). Records before this point were imported.")
            }
        }
        try splitter.finish(emit: emit)
    }

    /// Merges the events of one of our export packages into a store that already holds
    /// events (an empty store is restored exactly instead: see ``StoreRestorer``). Only
    /// `data/events.ndjson` is read; each line's `event` is imported with fresh seals.
    private func importPackageEvents(_ path: String) throws {
        var found = false
        try BagFiles.forEach(at: path) { relative, next in
            guard relative == "data/events.ndjson" else { return }
            found = true
            var splitter = RecordSplitter(maxRecordBytes: options.limits.maxRecordBytes, preferWholeValues: false)
            let emit = { [self] (record: SplitRecord) throws in try handle(record, archive: path, member: relative, unwrap: true) }
            while let block = try next() { try splitter.feed(block, emit: emit) }
            try splitter.finish(emit: emit)
        }
        if !found {
            try report(RecordLocation(archive: path, member: nil, position: .wholeMember), ImportProblem.Code.malformedStructure,
                       "The export package has no data/events.ndjson.")
        }
    }

    // MARK: Records

    private func handle(_ record: SplitRecord, archive: String, member: String?, unwrap: Bool = false) throws {
        summary.read += 1
        let location = RecordLocation(archive: archive, member: member, position: record.position)
        switch record.content {
        case .bytes(let bytes):
            switch Result(catching: { () throws(JSONParseError) in try JSONParser.parse(bytes) }) {
            case .success(let value):
                batch.append((location, unwrap ? (value["event"] ?? value) : value, bytes))
                if batch.count >= options.batchSize { try flush() }
            case .failure(let error):
                try reject(ImportProblem(location: location, code: DataCollectError.Code.invalidJSON.rawValue,
                                         message: error.description), original: bytes)
            }
        case .tooLarge(let size, let prefix):
            try reject(ImportProblem(location: location, code: ImportProblem.Code.recordTooLarge,
                                     message: "The record is \(size) bytes, more than the limit of \(options.limits.maxRecordBytes) bytes."),
                       original: prefix, truncated: true)
        case .malformed(let reason, let prefix):
            try reject(ImportProblem(location: location, code: ImportProblem.Code.malformedStructure, message: reason),
                       original: prefix, truncated: true)
        }
    }

    private func flush() throws {
        guard !batch.isEmpty else { return }
        let current = batch
        batch = []
        let report = try manager.submit(json: .array(current.map(\.value)))
        summary.appended += report.appended
        summary.alreadyPresent += report.alreadyPresent
        summary.conflicts += report.conflicts
        summary.refoldedEntities += report.refoldedEntityCount
        for item in report.items {
            let source = current[item.index]
            switch item.outcome {
            case .rejected(let error):
                try reject(ImportProblem(location: source.location, code: error.code.rawValue, field: error.field,
                                         message: error.message), original: source.original)
            case .conflict:
                let problem = ImportProblem(location: source.location, code: ImportProblem.Code.duplicateEventGuid, field: "guid",
                                            message: "Another event with this guid and different content is already stored; this one was not stored.")
                summary.problems.append(problem)
                try quarantine?.write(problem, original: source.original)
            default:
                break
            }
        }
    }

    private func reject(_ problem: ImportProblem, original: [UInt8], truncated: Bool = false) throws {
        summary.rejectedByReason[problem.code, default: 0] += 1
        summary.problems.append(problem)
        try quarantine?.write(problem, original: original, truncated: truncated)
    }

    private func report(_ location: RecordLocation, _ code: String, _ message: String) throws {
        let problem = ImportProblem(location: location, code: code, message: message)
        summary.problems.append(problem)
        try quarantine?.write(problem, original: nil)
    }

    // MARK: Helpers

    static func fileSize(_ path: String) -> Int64 {
        ((try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? NSNumber)?.int64Value ?? 0
    }

    /// Absolute paths, `..` components and Windows drive or UNC prefixes.
    static func isUnsafe(_ path: String) -> Bool {
        if path.hasPrefix("/") || path.hasPrefix("\\") { return true }
        if path.count >= 2, path.dropFirst().first == ":" { return true }
        return path.split(whereSeparator: { $0 == "/" || $0 == "\\" }).contains("..")
    }

    static func strippingCompressionSuffix(_ path: String) -> String {
        for suffix in [".gz", ".xz", ".zst", ".bz2", ".zstd"] where path.lowercased().hasSuffix(suffix) {
            return String(path.dropLast(suffix.count))
        }
        return path
    }
}
