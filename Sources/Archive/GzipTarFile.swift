#if canImport(Glibc)
import Glibc
#endif
import NamespaceCore

/// A gzip-compressed pax tar file of small named files and directory trees (system exports,
/// app checkpoint exports), each tree read with libarchive's disk reader (numeric owners,
/// modes, xattrs, ACLs, device nodes; symlinks not followed; hard links after the first
/// become link entries). The same archive can also be streamed, compressed or not, into a
/// descriptor the caller owns (a migration's pipe to ssh).
public final class GzipTarFile {
    private let fd: Int32
    private let ownsDescriptor: Bool
    private let writer: ArchiveWriter
    private let counter: ByteCounter

    public init(path: String) throws(CoreError) {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw CoreError(stage: "open \(path)", errno: errno) }
        let counter = ByteCounter()
        do {
            writer = try Self.writer(fd, compression: .gzip, what: path, counter: counter)
        } catch {
            close(fd)
            throw error
        }
        self.fd = fd
        self.counter = counter
        ownsDescriptor = true
    }

    /// Writes into `descriptor`, which stays the caller's, as `compression` says; `what`
    /// names it in errors.
    public init(descriptor: Int32, compression: ArchiveWriter.Compression, what: String) throws(CoreError) {
        let counter = ByteCounter()
        writer = try Self.writer(descriptor, compression: compression, what: what, counter: counter)
        fd = descriptor
        self.counter = counter
        ownsDescriptor = false
    }

    /// Writes into `sink` (a framed stream's section), uncompressed; `what` names it in errors.
    public init(sink: @escaping ArchiveWriter.Sink, what: String) throws(CoreError) {
        let counter = ByteCounter()
        writer = try ArchiveWriter(sink: sink, compression: .none, what: what, onStoredBytes: { counter.bytes += UInt64($0.count) })
        fd = -1
        self.counter = counter
        ownsDescriptor = false
    }

    private static func writer(_ fd: Int32, compression: ArchiveWriter.Compression, what: String,
                               counter: ByteCounter) throws(CoreError) -> ArchiveWriter {
        try ArchiveWriter(output: fd, compression: compression, what: what, onStoredBytes: { counter.bytes += UInt64($0.count) })
    }

    deinit { if ownsDescriptor { close(fd) } }

    /// The bytes written so far, as stored (compressed when compressing).
    public var bytesWritten: UInt64 { counter.bytes }

    public func addFile(named name: String, bytes: [UInt8]) throws(CoreError) {
        try writer.addFile(named: name, bytes: bytes)
    }

    /// Every entry below `root` as `prefix/...`; `owner` maps each entry's (uid, gid).
    /// `include` is asked first, with the entry's name relative to `root` ("" for `root`),
    /// before its data is read; an entry it refuses is left out. `observe` sees each entry
    /// written (its name relative to `root`), then each block of its data.
    public func addTree(_ root: String, as prefix: String, include: (String) -> Bool = { _ in true },
                        owner: (UInt32, UInt32) -> (UInt32, UInt32) = { ($0, $1) },
                        observe: ((ArchiveEntryEvent) -> Void)? = nil) throws(CoreError) {
        try writer.addTree(root, includingRoot: true) { (entry, relative) throws(CoreError) -> Bool in
            guard include(relative) else { return false }
            entry.pathname = relative.isEmpty ? prefix : prefix + "/" + relative
            // The walk names a hard link's target relative to the tree, as it names entries.
            if let target = entry.hardlink { entry.hardlink = prefix + "/" + target }
            (entry.uid, entry.gid) = owner(entry.uid, entry.gid)
            try writer.writeHeader(entry)
            observe?(.entry(relative))
            return true
        } observe: { block in
            observe?(.data(block))
        }
    }

    public func finish() throws(CoreError) {
        try writer.finish()
    }
}

/// The bytes an archive wrote, counted by its writer's hook.
private final class ByteCounter {
    var bytes: UInt64 = 0
}
