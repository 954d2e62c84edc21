import CArchive

/// A read-only, streaming view of one file through libarchive: tar and zip containers (any
/// member layout), or a single plain file; each optionally compressed (gzip, xz, zstd, bzip2,
/// …). Formats are recognised from the bytes, not the name. Nothing is ever written to disk.
final class LibArchiveStream {
    /// One member of the archive.
    struct Entry {
        /// The member's path inside a container; nil for a plain (possibly compressed) file.
        var path: String?
        var kind: Kind

        enum Kind { case regularFile, directory, symbolicLink, other }
    }

    struct Failure: Error {
        let message: String
    }

    private let handle: OpaquePointer
    private var isRaw = false
    /// For a stream read from another stream's member: keeps the source alive.
    private var nestedSource: Unmanaged<NestedSource>?

    /// Opens a file.
    init(path: String) throws {
        handle = try Self.newReader()
        // On failure `deinit` still runs (the object is fully initialised) and frees the handle.
        guard archive_read_open_filename(handle, path, 1 << 16) == ARCHIVE_OK else {
            throw Failure(message: errorMessage)
        }
    }

    /// Opens the current member of `parent` as a stream of its own: a compressed file or a
    /// container inside a container. `firstBlock` is the member's first block, already read.
    init(member parent: LibArchiveStream, firstBlock: UnsafeRawBufferPointer) throws {
        handle = try Self.newReader()
        let source = Unmanaged.passRetained(NestedSource(parent: parent, firstBlock: firstBlock))
        nestedSource = source
        let status = archive_read_open(handle, source.toOpaque(), nil, { _, context, buffer in
            guard let context, let buffer else { return -1 }
            let source = Unmanaged<NestedSource>.fromOpaque(context).takeUnretainedValue()
            guard let block = source.next() else { return source.failed ? -1 : 0 }
            buffer.pointee = block.baseAddress
            return block.count
        }, nil)
        guard status == ARCHIVE_OK else {
            throw Failure(message: errorMessage)  // `deinit` frees the handle and the source
        }
    }

    private static func newReader() throws -> OpaquePointer {
        guard let handle = archive_read_new() else { throw Failure(message: "libarchive could not start") }
        archive_read_support_filter_all(handle)
        archive_read_support_format_tar(handle)
        archive_read_support_format_zip(handle)
        archive_read_support_format_raw(handle)  // last: a plain file when nothing else matches
        return handle
    }

    deinit {
        archive_read_free(handle)
        nestedSource?.release()
    }

    /// The next member, or nil at the end.
    func nextEntry() throws -> Entry? {
        var entry: OpaquePointer?
        let status = archive_read_next_header(handle, &entry)
        if status == ARCHIVE_EOF { return nil }
        guard status >= ARCHIVE_WARN, let entry else { throw Failure(message: errorMessage) }
        isRaw = archive_format(handle) == ARCHIVE_FORMAT_RAW
        let path = isRaw ? nil : archive_entry_pathname(entry).map { String(cString: $0) }
        let kind: Entry.Kind
        switch archive_entry_filetype(entry) & 0o170000 {
        case 0o100000: kind = .regularFile
        case 0o040000: kind = .directory
        case 0o120000: kind = .symbolicLink
        default: kind = isRaw ? .regularFile : .other
        }
        return Entry(path: path, kind: kind)
    }

    /// The next block of the current member's bytes, or nil at its end.
    func readBlock() throws -> UnsafeRawBufferPointer? {
        var buffer: UnsafeRawPointer?
        var size = 0
        var offset: la_int64_t = 0
        let status = archive_read_data_block(handle, &buffer, &size, &offset)
        if status == ARCHIVE_EOF { return nil }
        guard status >= ARCHIVE_WARN else { throw Failure(message: errorMessage) }
        return UnsafeRawBufferPointer(start: buffer, count: size)
    }

    /// Compressed bytes consumed from the file so far.
    var compressedBytesRead: Int64 { archive_filter_bytes(handle, -1) }

    private var errorMessage: String {
        archive_error_string(handle).map { String(cString: $0) } ?? "unknown libarchive error"
    }
}

/// Feeds a nested stream from its parent's current member, block by block.
final class NestedSource {
    private let parent: LibArchiveStream
    private var firstBlock: UnsafeRawBufferPointer?
    private(set) var failed = false

    init(parent: LibArchiveStream, firstBlock: UnsafeRawBufferPointer) {
        self.parent = parent
        self.firstBlock = firstBlock
    }

    func next() -> UnsafeRawBufferPointer? {
        if let first = firstBlock {
            firstBlock = nil
            return first
        }
        do {
            return try parent.readBlock()
        } catch {
            failed = true
            return nil
        }
    }
}
