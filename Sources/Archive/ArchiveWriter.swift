#if canImport(Glibc)
import Glibc
#endif
import CArchive
import NamespaceCore

/// Every archive this project writes: a pax tar, compressed or not, written to a file
/// descriptor in one pass. Two chained writers do it (tar -> a `raw` compressor), so hooks
/// see both the tar and the bytes as stored (an image layer's diff ID and blob digest).
/// gzip carries no time stamp: the same tree gives the same bytes.
public final class ArchiveWriter {
    public enum Compression: String, Sendable, CaseIterable {
        case none, gzip, zstd
    }

    public typealias BytesHook = (UnsafeRawBufferPointer) -> Void
    /// Where the stored bytes go instead of a descriptor (a framed stream's section).
    public typealias Sink = (UnsafeRawBufferPointer) throws(CoreError) -> Void

    private let output: Int32
    private let sink: Sink?
    private let what: String
    private let onTarBytes: BytesHook?
    private let onStoredBytes: BytesHook?
    private var failure: CoreError?
    private var compressor: OpaquePointer?
    private var tar: OpaquePointer?

    /// `what` names the archive in errors (`layer`, a file name).
    public convenience init(output: Int32, compression: Compression, what: String,
                            onTarBytes: BytesHook? = nil, onStoredBytes: BytesHook? = nil) throws(CoreError) {
        try self.init(output: output, sink: nil, compression: compression, what: what, onTarBytes: onTarBytes, onStoredBytes: onStoredBytes)
    }

    /// The stored bytes go to `sink`, whose error ends the archive with that error.
    public convenience init(sink: @escaping Sink, compression: Compression, what: String,
                            onStoredBytes: BytesHook? = nil) throws(CoreError) {
        try self.init(output: -1, sink: sink, compression: compression, what: what, onTarBytes: nil, onStoredBytes: onStoredBytes)
    }

    private init(output: Int32, sink: Sink?, compression: Compression, what: String,
                 onTarBytes: BytesHook?, onStoredBytes: BytesHook?) throws(CoreError) {
        self.output = output
        self.sink = sink
        self.what = what
        self.onTarBytes = onTarBytes
        self.onStoredBytes = onStoredBytes
        let context = Unmanaged.passUnretained(self).toOpaque()
        if compression != .none {
            compressor = archive_write_new()
            guard let compressor else { throw CoreError(stage: "archive_write_new", errno: ENOMEM) }
            if compression == .gzip {
                archive_write_add_filter_gzip(compressor)
                archive_write_set_filter_option(compressor, "gzip", "timestamp", nil)
            } else {
                archive_write_add_filter_zstd(compressor)
            }
            archive_write_set_format_raw(compressor)
            archive_write_set_bytes_in_last_block(compressor, 1)
            guard archive_write_open(compressor, context, nil, writeStored, nil) == ARCHIVE_OK else {
                throw CoreError.archive(compressor, stage: "start \(compression.rawValue) \(what)")
            }
            let rawEntry = archive_entry_new()
            defer { archive_entry_free(rawEntry) }
            archive_entry_set_pathname(rawEntry, "archive.tar")
            archive_entry_set_filetype(rawEntry, EntryType.regular)
            guard archive_write_header(compressor, rawEntry) == ARCHIVE_OK else {
                throw CoreError.archive(compressor, stage: "start \(compression.rawValue) \(what)")
            }
        }
        tar = archive_write_new()
        guard let tar else { throw CoreError(stage: "archive_write_new", errno: ENOMEM) }
        archive_write_set_format_pax_restricted(tar)
        guard archive_write_open(tar, context, nil, writeTar, nil) == ARCHIVE_OK else {
            throw failure ?? .archive(tar, stage: "start \(what) tar")
        }
    }

    deinit {
        if let tar { archive_write_free(tar) }
        if let compressor { archive_write_free(compressor) }
    }

    /// Writes `entry`'s header; its data, if any, must follow through `writeData`.
    public func writeHeader(_ entry: ArchiveEntry) throws(CoreError) {
        guard archive_write_header(tar, entry.pointer) >= ARCHIVE_WARN else {
            throw failure ?? .archive(tar, stage: "\(what) entry '\(entry.pathname)'")
        }
    }

    public func writeData(_ block: UnsafeRawBufferPointer) throws(CoreError) {
        guard archive_write_data(tar, block.baseAddress, block.count) >= 0 else {
            throw failure ?? .archive(tar, stage: "write \(what) tar")
        }
    }

    /// A regular file of `bytes` named `name`.
    public func addFile(named name: String, bytes: [UInt8], mode: mode_t = 0o644, modified: time_t = time(nil)) throws(CoreError) {
        guard let pointer = archive_entry_new() else { throw CoreError(stage: "archive_entry_new", errno: ENOMEM) }
        defer { archive_entry_free(pointer) }
        archive_entry_set_pathname(pointer, name)
        archive_entry_set_filetype(pointer, EntryType.regular)
        archive_entry_set_perm(pointer, mode)
        archive_entry_set_size(pointer, la_int64_t(bytes.count))
        archive_entry_set_mtime(pointer, modified, 0)
        try writeHeader(ArchiveEntry(pointer))
        let written = bytes.withUnsafeBytes { archive_write_data(tar, $0.baseAddress, $0.count) }
        guard written == bytes.count else { throw failure ?? .archive(tar, stage: "write \(name) to \(what)") }
    }

    /// The directory tree `directory`. `visit` gets each entry with its name relative to the
    /// tree, may rename or change it, writes what it wants (usually `writeHeader(entry)`,
    /// perhaps extra entries) and returns whether the entry was written: a regular file's
    /// data then follows, each block seen by `observe` too. `sameFileSystem`: see `TreeReader.walk`.
    public func addTree(_ directory: String, includingRoot: Bool = false, sameFileSystem: Bool = false,
                        visit: (ArchiveEntry, String) throws(CoreError) -> Bool,
                        observe: (UnsafeRawBufferPointer) -> Void = { _ in }) throws(CoreError) {
        try TreeReader.walk(directory, includingRoot: includingRoot, sameFileSystem: sameFileSystem) { (entry, relative) throws(CoreError) -> Bool in
            try visit(entry, relative) && entry.carriesData
        } data: { (block, _) throws(CoreError) in
            observe(block)
            try writeData(block)
        }
    }

    /// Ends the tar and the compression; the output then holds the whole archive.
    public func finish() throws(CoreError) {
        guard archive_write_close(tar) == ARCHIVE_OK else { throw failure ?? .archive(tar, stage: "finish \(what) tar") }
        if let compressor {
            guard archive_write_finish_entry(compressor) == ARCHIVE_OK, archive_write_close(compressor) == ARCHIVE_OK else {
                throw failure ?? .archive(compressor, stage: "finish \(what) compression")
            }
        }
        if let failure { throw failure }
    }

    fileprivate func tarBytes(_ bytes: UnsafeRawBufferPointer) -> Int {
        onTarBytes?(bytes)
        if let compressor {
            let written = archive_write_data(compressor, bytes.baseAddress, bytes.count)
            if written < 0 {
                if failure == nil { failure = .archive(compressor, stage: "compress \(what)") }
                return -1
            }
            return bytes.count
        }
        return storedBytes(bytes)
    }

    fileprivate func storedBytes(_ bytes: UnsafeRawBufferPointer) -> Int {
        onStoredBytes?(bytes)
        if let sink {
            do { try sink(bytes) } catch {
                if failure == nil { failure = error }
                return -1
            }
            return bytes.count
        }
        var offset = 0
        while offset < bytes.count {
            let count = write(output, bytes.baseAddress.map { $0 + offset }, bytes.count - offset)
            if count < 0 {
                if errno == EINTR { continue }
                if failure == nil { failure = CoreError(stage: "write \(what)", errno: errno) }
                return -1
            }
            offset += count
        }
        return bytes.count
    }
}

private func writeTar(_ archive: OpaquePointer?, _ context: UnsafeMutableRawPointer?,
                      _ buffer: UnsafeRawPointer?, _ length: Int) -> la_ssize_t {
    guard let context else { return -1 }
    let writer = Unmanaged<ArchiveWriter>.fromOpaque(context).takeUnretainedValue()
    return la_ssize_t(writer.tarBytes(UnsafeRawBufferPointer(start: buffer, count: length)))
}

private func writeStored(_ archive: OpaquePointer?, _ context: UnsafeMutableRawPointer?,
                         _ buffer: UnsafeRawPointer?, _ length: Int) -> la_ssize_t {
    guard let context else { return -1 }
    let writer = Unmanaged<ArchiveWriter>.fromOpaque(context).takeUnretainedValue()
    return la_ssize_t(writer.storedBytes(UnsafeRawBufferPointer(start: buffer, count: length)))
}
