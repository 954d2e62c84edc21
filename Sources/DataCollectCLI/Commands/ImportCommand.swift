import ArgumentParser
import DataCollectArchive
import DataCollectCore
import DataCollectIntegrity

struct ImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import event archives into the database, streaming, with a quarantine for bad records.",
        discussion: """
            Reads .jsonl/.ndjson, .json (an array of events, or the existing system's \
            {entities, events} export), each optionally compressed (gzip, xz, zstd, bzip2), and \
            .tar/.tar.gz/.tgz/.zip holding any number of them in any folders. Formats are \
            recognised from the content. Every bad record goes to the quarantine file with its \
            source and reason; valid records land. Re-running an import adds nothing twice, and \
            an interrupted import resumes. Exit code 0 when nothing was rejected, 2 otherwise.

            Example:
              datacollect import --db registry.sqlite device-07.tar.gz \\
                partner-export.json.gz
            """)

    @OptionGroup var store: StoreOptions
    @OptionGroup var output: OutputOptions
    @OptionGroup var progress: ProgressOptions

    @Argument(help: ArgumentHelp("Archive files.", valueName: "ARCHIVE"))
    var archives: [String]

    @Option(help: ArgumentHelp("Quarantine file for rejected records (default <db>.rejects.jsonl).", valueName: "FILE"))
    var rejects: String?

    @Option(help: "Events per transaction.")
    var batchSize: Int = 1_000

    @Option(help: "Largest record (line or array element), in bytes.")
    var maxRecordBytes: Int = 16 << 20

    @Option(help: "Most bytes one archive may expand to.")
    var maxExpandedBytes: Int64 = 64 << 30

    @Option(help: "Largest expansion ratio (expanded ÷ compressed) before an archive counts as a decompression bomb.")
    var maxExpansionRatio: Double = 1_000


    func validate() throws {
        guard !archives.isEmpty else { throw ValidationError("Name at least one archive to import.") }
        guard batchSize >= 1 else { throw ValidationError("--batch-size must be at least 1.") }
        guard maxRecordBytes >= 1_024 else { throw ValidationError("--max-record-bytes must be at least 1024.") }
    }

    func run() throws {
        try runReportingFailures {
            var limits = ArchiveLimits()
            limits.maxRecordBytes = maxRecordBytes
            limits.maxExpandedBytes = maxExpandedBytes
            limits.maxExpansionRatio = maxExpansionRatio
            let manager = try store.manager()
            if archives.count == 1, try manager.store.read({ try $0.eventCount() == 0 }),
               StoreRestorer.isExportPackage(archives[0]) {
                let receipt = try StoreRestorer(manager: manager).restore(from: archives[0])
                if output.json {
                    Console.printJSON(["restored": true, "events": .number(JSONNumber(receipt.events)),
                                       "auditEntries": .number(JSONNumber(receipt.auditEntries)),
                                       "entities": .number(JSONNumber(receipt.entities)), "stateHash": .string(receipt.stateHash)])
                } else {
                    Console.print("Restored an archive export into the empty database: \(receipt.events) events, "
                        + "\(receipt.auditEntries) audit entries, \(receipt.entities) entities (state hash \(receipt.stateHash)).")
                }
                return
            }
            let importer = EventImporter(manager: manager, options: .init(
                batchSize: batchSize, limits: limits, quarantinePath: rejects ?? store.db + ".rejects.jsonl",
                actor: auditActor(nil)))
            let bar = progress.bar(output)
            let summary = try importer.importArchives(archives) { progress in
                bar.update(bytesRead: progress.bytesRead, totalBytes: progress.totalBytes, records: progress.records)
            }
            bar.finish()
            if output.json {
                Console.printJSON(summary.jsonValue)
            } else {
                Console.print(summary.text)
            }
            if !summary.isClean { throw ExitCodes.rejectedInput }
        }
    }
}
