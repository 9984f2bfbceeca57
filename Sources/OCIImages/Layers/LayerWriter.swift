import Archive
import NamespaceCore

/// Writes a directory tree as a layer blob in one pass: libarchive's disk reader -> pax tar
/// (sha256: the diff ID) -> gzip/zstd (sha256 and size: the blob descriptor) -> file.
/// For an overlay upper directory, whiteouts go the opposite way of `LayerUnpacker`:
/// a 0/0 character device NAME becomes `.wh.NAME`, an opaque directory gains `.wh..wh..opq`.
enum LayerWriter {
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

    /// Writes `directory` as a layer into the file `output` (an open fd).
    static func write(directory: String, source: Source, compression: LayerCompression, to output: Int32) throws(CoreError) -> Written {
        let blobDigest = RunningDigest()
        let tarDigest = RunningDigest()
        let writer = try ArchiveWriter(output: output, compression: compression.archiveCompression, what: "layer",
                                       onTarBytes: { tarDigest.update($0) }, onStoredBytes: { blobDigest.update($0) })
        try writer.addTree(directory) { (entry, relative) throws(CoreError) -> Bool in
            try add(entry, relative: relative, source: source, to: writer)
        }
        try writer.finish()
        return Written(blobDigest: blobDigest.digest, blobSize: blobDigest.byteCount, diffID: tarDigest.digest)
    }

    /// Writes one entry, translating overlay whiteouts; returns whether it was written.
    private static func add(_ entry: ArchiveEntry, relative: String, source: Source, to writer: ArchiveWriter) throws(CoreError) -> Bool {
        if entry.fileType == EntryType.socket { return false }
        let opaque = entry.takeOverlayAttributes()
        entry.pathname = relative
        if source == .overlayUpper, entry.isOverlayWhiteout {
            try writer.addFile(named: sibling(of: relative, named: WhiteoutKind.prefix + baseName(relative)), bytes: [],
                               modified: entry.modificationTime)
            return false
        }
        try writer.writeHeader(entry)
        if source == .overlayUpper, opaque, entry.fileType == EntryType.directory {
            try writer.addFile(named: relative + "/" + WhiteoutKind.opaqueName, bytes: [], modified: entry.modificationTime)
        }
        return true
    }

    static func baseName(_ relative: String) -> String {
        String(relative.split(separator: "/").last ?? "")
    }

    static func sibling(of relative: String, named name: String) -> String {
        let parent = relative.split(separator: "/").dropLast().joined(separator: "/")
        return parent.isEmpty ? name : parent + "/" + name
    }
}
