#if canImport(Glibc)
import Glibc
#endif
import CArchive
import NamespaceCore

/// A layer blob read in one pass: file -> sha256 of the blob (and an optional verbatim copy)
/// -> libarchive's decompression (gzip, zstd or none, found by magic) -> sha256 of the tar
/// (the diff ID) -> libarchive's tar reader, whose entries the caller takes one by one.
/// Two chained readers do it: a `raw` reader that only decompresses, feeding a `tar` reader.
final class LayerBlobStream {
    private let input: Int32
    private let copy: Int32?
    private let buffer: UnsafeMutableRawBufferPointer
    let blobDigest = RunningDigest()
    let tarDigest = RunningDigest()
    private var failure: CoreError?
    private var decompressor: OpaquePointer?
    private(set) var tar: OpaquePointer?

    static let readSize = 1 << 20

    /// `input` is read from its current offset; every byte read is also written to `copy`.
    init(input: Int32, copy: Int32? = nil) throws(CoreError) {
        self.input = input
        self.copy = copy
        buffer = .allocate(byteCount: Self.readSize, alignment: 64)
        decompressor = archive_read_new()
        tar = archive_read_new()
        guard let decompressor, let tar else { throw CoreError(stage: "archive_read_new", errno: ENOMEM) }
        let context = Unmanaged.passUnretained(self).toOpaque()
        archive_read_support_filter_all(decompressor)
        archive_read_support_format_raw(decompressor)
        guard archive_read_open(decompressor, context, nil, readBlob, nil) == ARCHIVE_OK else {
            throw failure ?? .archive(decompressor, stage: "open layer stream")
        }
        var rawEntry: OpaquePointer?
        guard archive_read_next_header(decompressor, &rawEntry) == ARCHIVE_OK else {
            throw failure ?? .archive(decompressor, stage: "read layer stream")
        }
        archive_read_support_format_tar(tar)
        guard archive_read_open(tar, context, nil, readTar, nil) == ARCHIVE_OK else {
            throw failure ?? .archive(tar, stage: "open layer tar")
        }
    }

    deinit {
        if let tar { archive_read_free(tar) }
        if let decompressor { archive_read_free(decompressor) }
        buffer.deallocate()
    }

    /// The next tar entry, or nil at the end of the archive.
    func nextEntry() throws(CoreError) -> OpaquePointer? {
        var entry: OpaquePointer?
        let status = archive_read_next_header(tar, &entry)
        switch status {
        case ARCHIVE_OK, ARCHIVE_WARN: return entry
        case ARCHIVE_EOF: return nil
        default: throw failure ?? .archive(tar, stage: "read layer tar")
        }
    }

    /// The error of a failed data read on the tar reader.
    func dataError(_ stage: String) -> CoreError {
        failure ?? .archive(tar, stage: stage)
    }

    /// Reads what the tar reader left (end blocks, padding, trailing bytes) so both digests
    /// cover the whole blob and the whole tar.
    func drain() throws(CoreError) {
        while true {
            var block: UnsafeRawPointer?
            var size = 0
            var offset: la_int64_t = 0
            let status = archive_read_data_block(decompressor, &block, &size, &offset)
            if status == ARCHIVE_EOF { break }
            guard status == ARCHIVE_OK || status == ARCHIVE_WARN else {
                throw failure ?? .archive(decompressor, stage: "read layer stream")
            }
            if let block, size > 0 { tarDigest.update(UnsafeRawBufferPointer(start: block, count: size)) }
        }
        while try fillBuffer() > 0 {}
    }

    fileprivate func fillBuffer() throws(CoreError) -> Int {
        while true {
            let count = read(input, buffer.baseAddress, buffer.count)
            if count < 0 {
                if errno == EINTR { continue }
                throw CoreError(stage: "read layer blob", errno: errno)
            }
            let chunk = UnsafeRawBufferPointer(rebasing: buffer[0..<count])
            blobDigest.update(chunk)
            if let copy { try FileSystem.writeAll(copy, chunk, what: "layer blob copy") }
            return count
        }
    }

    fileprivate func nextBlobChunk(_ out: UnsafeMutablePointer<UnsafeRawPointer?>) -> Int {
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
        var block: UnsafeRawPointer?
        var size = 0
        var offset: la_int64_t = 0
        let status = archive_read_data_block(decompressor, &block, &size, &offset)
        if status == ARCHIVE_EOF { return 0 }
        guard status == ARCHIVE_OK || status == ARCHIVE_WARN else {
            if failure == nil { failure = .archive(decompressor, stage: "decompress layer") }
            return -1
        }
        if let block, size > 0 { tarDigest.update(UnsafeRawBufferPointer(start: block, count: size)) }
        out.pointee = block
        return size
    }
}

private func readBlob(_ archive: OpaquePointer?, _ context: UnsafeMutableRawPointer?,
                      _ out: UnsafeMutablePointer<UnsafeRawPointer?>?) -> la_ssize_t {
    guard let context, let out else { return -1 }
    return la_ssize_t(Unmanaged<LayerBlobStream>.fromOpaque(context).takeUnretainedValue().nextBlobChunk(out))
}

private func readTar(_ archive: OpaquePointer?, _ context: UnsafeMutableRawPointer?,
                     _ out: UnsafeMutablePointer<UnsafeRawPointer?>?) -> la_ssize_t {
    guard let context, let out else { return -1 }
    return la_ssize_t(Unmanaged<LayerBlobStream>.fromOpaque(context).takeUnretainedValue().nextTarChunk(out))
}
