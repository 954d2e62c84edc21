import CArchive

/// Writes tar, zip or single compressed files through libarchive (exports, and test fixtures
/// made on the fly instead of committed binaries).
///
/// ```swift
/// let writer = try ArchiveWriter(path: "batch.tar.gz", container: .tar, compression: .gzip)
/// try writer.add(path: "device-7/events.jsonl", bytes: Array(lines.utf8))
/// try writer.close()
/// ```
public final class ArchiveWriter {
    public enum Container: Sendable { case tar, zip, plain }
    public enum Compression: Sendable { case none, gzip, xz, zstd, bzip2 }

    public struct Failure: Error, CustomStringConvertible {
        public let message: String
        public var description: String { message }
    }

    private let handle: OpaquePointer
    private var closed = false

    public init(path: String, container: Container, compression: Compression) throws {
        guard let handle = archive_write_new() else { throw Failure(message: "libarchive could not start") }
        self.handle = handle
        var status: Int32
        switch container {
        case .tar: status = archive_write_set_format_pax_restricted(handle)
        case .zip: status = archive_write_set_format_zip(handle)
        case .plain: status = archive_write_set_format_raw(handle)
        }
        guard status == ARCHIVE_OK else { throw fail() }
        switch compression {
        case .none: status = archive_write_add_filter_none(handle)
        case .gzip: status = archive_write_add_filter_gzip(handle)
        case .xz: status = archive_write_add_filter_xz(handle)
        case .zstd: status = archive_write_add_filter_zstd(handle)
        case .bzip2: status = archive_write_add_filter_bzip2(handle)
        }
        guard status == ARCHIVE_OK, archive_write_open_filename(handle, path) == ARCHIVE_OK else { throw fail() }
    }

    deinit {
        if !closed { archive_write_close(handle) }
        archive_write_free(handle)
    }

    /// Adds a regular file.
    public func add(path: String, bytes: [UInt8]) throws {
        try addEntry(path: path, type: 0o100000, permissions: 0o644, size: bytes.count, symlink: nil)
        if !bytes.isEmpty {
            let written = bytes.withUnsafeBytes { archive_write_data(handle, $0.baseAddress, $0.count) }
            guard written == bytes.count else { throw fail() }
        }
    }

    /// Adds a symbolic link (for hostile-archive tests).
    public func addSymlink(path: String, target: String) throws {
        try addEntry(path: path, type: 0o120000, permissions: 0o777, size: 0, symlink: target)
    }

    public func close() throws {
        guard !closed else { return }
        closed = true
        guard archive_write_close(handle) == ARCHIVE_OK else { throw fail() }
    }

    private func addEntry(path: String, type: UInt32, permissions: UInt32, size: Int, symlink: String?) throws {
        guard let entry = archive_entry_new() else { throw Failure(message: "libarchive could not create an entry") }
        defer { archive_entry_free(entry) }
        archive_entry_set_pathname(entry, path)
        archive_entry_set_filetype(entry, type)
        archive_entry_set_perm(entry, mode_t(permissions))
        archive_entry_set_size(entry, la_int64_t(size))
        archive_entry_set_mtime(entry, 1_700_000_000, 0)
        if let symlink { archive_entry_set_symlink(entry, symlink) }
        guard archive_write_header(handle, entry) == ARCHIVE_OK else { throw fail() }
    }

    private func fail() -> Failure {
        Failure(message: archive_error_string(handle).map { String(cString: $0) } ?? "unknown libarchive error")
    }
}
