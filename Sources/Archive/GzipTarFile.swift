#if canImport(Glibc)
import Glibc
#endif
import NamespaceCore

/// A gzip-compressed pax tar file of small named files and directory trees (system exports,
/// app checkpoint exports), each tree read with libarchive's disk reader (numeric owners,
/// modes, xattrs, ACLs, device nodes; symlinks not followed; hard links after the first
/// become link entries).
public final class GzipTarFile {
    private let fd: Int32
    private let writer: ArchiveWriter

    public init(path: String) throws(CoreError) {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw CoreError(stage: "open \(path)", errno: errno) }
        do {
            writer = try ArchiveWriter(output: fd, compression: .gzip, what: path)
        } catch {
            close(fd)
            throw error
        }
        self.fd = fd
    }

    deinit { close(fd) }

    public func addFile(named name: String, bytes: [UInt8]) throws(CoreError) {
        try writer.addFile(named: name, bytes: bytes)
    }

    /// Every entry below `root` as `prefix/...`; `owner` maps each entry's (uid, gid).
    public func addTree(_ root: String, as prefix: String,
                 owner: (UInt32, UInt32) -> (UInt32, UInt32) = { ($0, $1) }) throws(CoreError) {
        try writer.addTree(root, includingRoot: true) { (entry, relative) throws(CoreError) -> Bool in
            entry.pathname = relative.isEmpty ? prefix : prefix + "/" + relative
            // The walk names a hard link's target relative to the tree, as it names entries.
            if let target = entry.hardlink { entry.hardlink = prefix + "/" + target }
            (entry.uid, entry.gid) = owner(entry.uid, entry.gid)
            try writer.writeHeader(entry)
            return true
        }
    }

    public func finish() throws(CoreError) {
        try writer.finish()
    }
}
