#if canImport(Glibc)
import Glibc
#endif
import CArchive
import NamespaceCore

/// Writes a directory tree as a layer blob in one pass: libarchive's disk reader -> pax tar
/// (sha256: the diff ID) -> gzip/zstd (sha256 and size: the blob descriptor) -> file.
/// For an overlay upper directory, whiteouts go the opposite way of `LayerUnpacker`:
/// a 0/0 character device NAME becomes `.wh.NAME`, an opaque directory gains `.wh..wh..opq`.
final class LayerWriter {
    enum Source {
        /// An ordinary root file system (import).
        case plainDirectory
        /// An overlayfs upper directory (commit).
        case overlayUpper
    }

    struct Written {
        var blobDigest: String
        var blobSize: Int64
        var diffID: String
    }

    private let output: Int32
    let blobDigest = RunningDigest()
    let tarDigest = RunningDigest()
    private var failure: CoreError?
    private var compressor: OpaquePointer?

    private init(output: Int32) {
        self.output = output
    }

    /// Writes `directory` as a layer into the file `output` (an open fd).
    static func write(directory: String, source: Source, compression: LayerCompression, to output: Int32) throws(CoreError) -> Written {
        let writer = LayerWriter(output: output)
        return try writer.run(directory: directory, source: source, compression: compression)
    }

    private func run(directory: String, source: Source, compression: LayerCompression) throws(CoreError) -> Written {
        let context = Unmanaged.passUnretained(self).toOpaque()
        if compression != .none {
            compressor = archive_write_new()
            guard let compressor else { throw CoreError(stage: "archive_write_new", errno: ENOMEM) }
            if compression == .gzip {
                archive_write_add_filter_gzip(compressor)
                // No time stamp in the gzip header: the same tree gives the same blob.
                archive_write_set_filter_option(compressor, "gzip", "timestamp", nil)
            } else {
                archive_write_add_filter_zstd(compressor)
            }
            archive_write_set_format_raw(compressor)
            archive_write_set_bytes_in_last_block(compressor, 1)
            guard archive_write_open(compressor, context, nil, writeBlob, nil) == ARCHIVE_OK else {
                throw CoreError.archive(compressor, stage: "start \(compression.rawValue) layer")
            }
            let rawEntry = archive_entry_new()
            defer { archive_entry_free(rawEntry) }
            archive_entry_set_pathname(rawEntry, "layer.tar")
            archive_entry_set_filetype(rawEntry, EntryType.regular)
            guard archive_write_header(compressor, rawEntry) == ARCHIVE_OK else {
                throw CoreError.archive(compressor, stage: "start \(compression.rawValue) layer")
            }
        }
        defer { if let compressor { archive_write_free(compressor) } }

        guard let tar = archive_write_new() else { throw CoreError(stage: "archive_write_new", errno: ENOMEM) }
        defer { archive_write_free(tar) }
        archive_write_set_format_pax_restricted(tar)
        guard archive_write_open(tar, context, nil, writeTar, nil) == ARCHIVE_OK else {
            throw failure ?? .archive(tar, stage: "start layer tar")
        }
        try TreeReader.walk(directory) { entry, relative throws(CoreError) in
            try self.add(entry, relative: relative, source: source, to: tar)
        } data: { block throws(CoreError) in
            guard archive_write_data(tar, block.baseAddress, block.count) >= 0 else {
                throw self.failure ?? .archive(tar, stage: "write layer tar")
            }
        }
        guard archive_write_close(tar) == ARCHIVE_OK else { throw failure ?? .archive(tar, stage: "finish layer tar") }
        if let compressor {
            guard archive_write_finish_entry(compressor) == ARCHIVE_OK, archive_write_close(compressor) == ARCHIVE_OK else {
                throw failure ?? .archive(compressor, stage: "finish layer compression")
            }
        }
        if let failure { throw failure }
        return Written(blobDigest: blobDigest.digest, blobSize: blobDigest.byteCount, diffID: tarDigest.digest)
    }

    /// Writes one entry's header, translating overlay whiteouts; returns whether its data follows.
    private func add(_ entry: OpaquePointer, relative: String, source: Source, to tar: OpaquePointer) throws(CoreError) -> Bool {
        let type = archive_entry_filetype(entry)
        if type == EntryType.socket { return false }
        let (opaque, _) = EntryXattrs.removeOverlayAttributes(entry)
        archive_entry_set_pathname(entry, relative)
        if source == .overlayUpper, type == EntryType.characterDevice, archive_entry_rdev(entry) == 0 {
            try writeMarker(like: entry, at: Self.sibling(of: relative, named: WhiteoutKind.prefix + Self.baseName(relative)), to: tar)
            return false
        }
        guard archive_write_header(tar, entry) >= ARCHIVE_WARN else {
            throw failure ?? .archive(tar, stage: "layer entry '\(relative)'")
        }
        if source == .overlayUpper, opaque, type == EntryType.directory {
            try writeMarker(like: entry, at: relative + "/" + WhiteoutKind.opaqueName, to: tar)
        }
        return type == EntryType.regular && archive_entry_size(entry) > 0 && archive_entry_hardlink(entry) == nil
    }

    /// An empty regular file carrying a whiteout name.
    private func writeMarker(like original: OpaquePointer, at path: String, to tar: OpaquePointer) throws(CoreError) {
        guard let marker = archive_entry_new() else { throw CoreError(stage: "archive_entry_new", errno: ENOMEM) }
        defer { archive_entry_free(marker) }
        archive_entry_set_pathname(marker, path)
        archive_entry_set_filetype(marker, EntryType.regular)
        archive_entry_set_perm(marker, 0o644)
        archive_entry_set_size(marker, 0)
        archive_entry_set_mtime(marker, archive_entry_mtime(original), 0)
        guard archive_write_header(tar, marker) >= ARCHIVE_WARN else {
            throw failure ?? .archive(tar, stage: "layer entry '\(path)'")
        }
    }

    static func baseName(_ relative: String) -> String {
        String(relative.split(separator: "/").last ?? "")
    }

    static func sibling(of relative: String, named name: String) -> String {
        let parent = relative.split(separator: "/").dropLast().joined(separator: "/")
        return parent.isEmpty ? name : parent + "/" + name
    }

    fileprivate func tarBytes(_ bytes: UnsafeRawBufferPointer) -> Int {
        tarDigest.update(bytes)
        if let compressor {
            let written = archive_write_data(compressor, bytes.baseAddress, bytes.count)
            if written < 0 {
                if failure == nil { failure = .archive(compressor, stage: "compress layer") }
                return -1
            }
            return bytes.count
        }
        return blobBytes(bytes)
    }

    fileprivate func blobBytes(_ bytes: UnsafeRawBufferPointer) -> Int {
        blobDigest.update(bytes)
        do {
            try FileSystem.writeAll(output, bytes, what: "layer blob")
            return bytes.count
        } catch {
            failure = error
            return -1
        }
    }
}

private func writeTar(_ archive: OpaquePointer?, _ context: UnsafeMutableRawPointer?,
                      _ buffer: UnsafeRawPointer?, _ length: Int) -> la_ssize_t {
    guard let context else { return -1 }
    let writer = Unmanaged<LayerWriter>.fromOpaque(context).takeUnretainedValue()
    return la_ssize_t(writer.tarBytes(UnsafeRawBufferPointer(start: buffer, count: length)))
}

private func writeBlob(_ archive: OpaquePointer?, _ context: UnsafeMutableRawPointer?,
                       _ buffer: UnsafeRawPointer?, _ length: Int) -> la_ssize_t {
    guard let context else { return -1 }
    let writer = Unmanaged<LayerWriter>.fromOpaque(context).takeUnretainedValue()
    return la_ssize_t(writer.blobBytes(UnsafeRawBufferPointer(start: buffer, count: length)))
}
