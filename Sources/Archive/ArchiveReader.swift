#if canImport(Glibc)
import Glibc
#endif
import CArchive
import NamespaceCore

/// Every archive this project reads, read in one pass from a file descriptor: the bytes as
/// stored -> libarchive's decompression (gzip, zstd, xz, bzip2 or none, found by magic) ->
/// its tar reader, whose entries the caller takes one by one. Two chained readers do it (a
/// `raw` one that only decompresses, feeding a `tar` one), so hooks see both the stored bytes
/// and the tar (an image layer's blob digest and diff ID).
public final class ArchiveReader {
    public typealias StoredBytesHook = (UnsafeRawBufferPointer) throws(CoreError) -> Void
    public typealias TarBytesHook = (UnsafeRawBufferPointer) -> Void
    /// Where the stored bytes come from instead of a descriptor: fills the buffer, returns the
    /// count, 0 at the end (a framed stream's section).
    public typealias Source = (UnsafeMutableRawBufferPointer) throws(CoreError) -> Int

    private let input: Int32
    private let source: Source?
    private let ownsInput: Bool
    private let what: String
    private let onStoredBytes: StoredBytesHook?
    private let onTarBytes: TarBytesHook?
    private let buffer: UnsafeMutableRawBufferPointer
    private var failure: CoreError?
    private var decompressor: OpaquePointer?
    private var tar: OpaquePointer?

    static let readSize = 1 << 20

    /// `input` is read from its current offset. `what` names the archive in errors (`layer`).
    public convenience init(input: Int32, what: String = "archive", onStoredBytes: StoredBytesHook? = nil,
                onTarBytes: TarBytesHook? = nil) throws(CoreError) {
        try self.init(input: input, owning: false, what: what, onStoredBytes: onStoredBytes, onTarBytes: onTarBytes)
    }

    /// Reads the file at `path`.
    public convenience init(path: String) throws(CoreError) {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw CoreError(stage: "open \(path)", errno: errno) }
        try self.init(input: fd, owning: true, what: "archive \(path)", onStoredBytes: nil, onTarBytes: nil)
    }

    /// Reads what `source` gives; `what` names the archive in errors.
    public convenience init(source: @escaping Source, what: String) throws(CoreError) {
        try self.init(input: -1, owning: false, what: what, onStoredBytes: nil, onTarBytes: nil, source: source)
    }

    private init(input: Int32, owning: Bool, what: String, onStoredBytes: StoredBytesHook?, onTarBytes: TarBytesHook?,
                 source: Source? = nil) throws(CoreError) {
        self.input = input
        self.source = source
        ownsInput = owning
        self.what = what
        self.onStoredBytes = onStoredBytes
        self.onTarBytes = onTarBytes
        buffer = .allocate(byteCount: Self.readSize, alignment: 64)
        decompressor = archive_read_new()
        tar = archive_read_new()
        guard let decompressor, let tar else { throw CoreError(stage: "archive_read_new", errno: ENOMEM) }
        let context = Unmanaged.passUnretained(self).toOpaque()
        archive_read_support_filter_all(decompressor)
        archive_read_support_format_raw(decompressor)
        guard archive_read_open(decompressor, context, nil, readStored, nil) == ARCHIVE_OK else {
            throw failure ?? .archive(decompressor, stage: "open \(what) stream")
        }
        var rawEntry: OpaquePointer?
        guard archive_read_next_header(decompressor, &rawEntry) == ARCHIVE_OK else {
            throw failure ?? .archive(decompressor, stage: "read \(what) stream")
        }
        archive_read_support_format_tar(tar)
        guard archive_read_open(tar, context, nil, readTar, nil) == ARCHIVE_OK else {
            throw failure ?? .archive(tar, stage: "open \(what) tar")
        }
    }

    deinit {
        if let tar { archive_read_free(tar) }
        if let decompressor { archive_read_free(decompressor) }
        buffer.deallocate()
        if ownsInput { close(input) }
    }

    /// Whether the file is an archive this reader can read (ADD unpacks those, as Docker does).
    public static func isArchive(_ path: String) -> Bool {
        guard let reader = try? ArchiveReader(path: path) else { return false }
        return (try? reader.nextEntry()) != nil
    }

    /// The next tar entry, or nil at the end of the archive.
    public func nextEntry() throws(CoreError) -> ArchiveEntry? {
        var entry: OpaquePointer?
        switch archive_read_next_header(tar, &entry) {
        case ARCHIVE_OK, ARCHIVE_WARN: return entry.map(ArchiveEntry.init)
        case ARCHIVE_EOF: return nil
        default: throw failure ?? .archive(tar, stage: "read \(what) tar")
        }
    }

    /// The current entry's data, block by block with each block's offset in the file.
    public func readData(stage: String, _ body: (UnsafeRawBufferPointer, Int64) throws(CoreError) -> Void) throws(CoreError) {
        while true {
            let block = DataBlock(reading: tar)
            if block.isEnd { return }
            guard !block.failed else { throw failure ?? .archive(tar, stage: stage) }
            if !block.bytes.isEmpty { try body(block.bytes, block.offset) }
        }
    }

    /// The data of `entry`, the current one, whole; more than `limit` bytes is an error.
    public func readAll(_ entry: ArchiveEntry, limit: Int, stage: String) throws(CoreError) -> [UInt8] {
        let size = Int(entry.size)
        guard size <= limit else { throw CoreError(stage: stage, detail: "\(size) bytes; at most \(limit) expected") }
        var bytes = [UInt8](repeating: 0, count: size)
        let read = bytes.withUnsafeMutableBytes { archive_read_data(tar, $0.baseAddress, $0.count) }
        guard read == size else { throw failure ?? .archive(tar, stage: stage) }
        return bytes
    }

    /// Reads what the tar reader left (end blocks, padding, trailing bytes), so the hooks
    /// see the whole tar and everything stored.
    public func drain() throws(CoreError) {
        while true {
            let block = DataBlock(reading: decompressor)
            if block.isEnd { break }
            guard !block.failed else { throw failure ?? .archive(decompressor, stage: "read \(what) stream") }
            if !block.bytes.isEmpty { onTarBytes?(block.bytes) }
        }
        while try fillBuffer() > 0 {}
    }

    fileprivate func fillBuffer() throws(CoreError) -> Int {
        if let source {
            let count = try source(buffer)
            try onStoredBytes?(UnsafeRawBufferPointer(rebasing: buffer[0..<count]))
            return count
        }
        while true {
            let count = read(input, buffer.baseAddress, buffer.count)
            if count < 0 {
                if errno == EINTR { continue }
                throw CoreError(stage: "read \(what)", errno: errno)
            }
            try onStoredBytes?(UnsafeRawBufferPointer(rebasing: buffer[0..<count]))
            return count
        }
    }

    fileprivate func nextStoredChunk(_ out: UnsafeMutablePointer<UnsafeRawPointer?>) -> Int {
        do {
            let count = try fillBuffer()
            out.pointee = UnsafeRawPointer(buffer.baseAddress)
            return count
        } catch {
            failure = error
            return -1
        }
    }

    fileprivate func nextTarChunk(_ out: UnsafeMutablePointer<UnsafeRawPointer?>) -> Int {
        let block = DataBlock(reading: decompressor)
        if block.isEnd { return 0 }
        guard !block.failed else {
            if failure == nil { failure = .archive(decompressor, stage: "decompress \(what)") }
            return -1
        }
        if !block.bytes.isEmpty { onTarBytes?(block.bytes) }
        out.pointee = block.bytes.baseAddress
        return block.bytes.count
    }
}

private func readStored(_ archive: OpaquePointer?, _ context: UnsafeMutableRawPointer?,
                        _ out: UnsafeMutablePointer<UnsafeRawPointer?>?) -> la_ssize_t {
    guard let context, let out else { return -1 }
    return la_ssize_t(Unmanaged<ArchiveReader>.fromOpaque(context).takeUnretainedValue().nextStoredChunk(out))
}

private func readTar(_ archive: OpaquePointer?, _ context: UnsafeMutableRawPointer?,
                     _ out: UnsafeMutablePointer<UnsafeRawPointer?>?) -> la_ssize_t {
    guard let context, let out else { return -1 }
    return la_ssize_t(Unmanaged<ArchiveReader>.fromOpaque(context).takeUnretainedValue().nextTarChunk(out))
}
