#if canImport(Glibc)
import Glibc
#endif
import NamespaceCore

/// Gives a root file system to the ids of a user namespace by changing its owners: every id
/// in `[from, from + span)` moves by `to - from`, as LXC's `lxc-usernsexec`-based shifting
/// and `fuidshift` do. Stays on the tree's file system; set-id bits that chown clears are put back.
public struct RootfsOwnershipShift: Sendable {
    /// The width of the ranges shifted (/etc/subuid's usual 65536).
    public var span: UInt32 = 65536
    public var from: SystemRootOwner
    public var to: SystemRootOwner

    public init(from: SystemRootOwner, to: SystemRootOwner, span: UInt32 = 65536) {
        self.from = from
        self.to = to
        self.span = span
    }

    /// Shifts every entry below `root` (and `root` itself); returns how many were changed.
    @discardableResult
    public func apply(to root: String) throws(CoreError) -> Int {
        guard from != to else { return 0 }
        var top = stat()
        guard lstat(root, &top) == 0 else { throw CoreError.fromErrno("lstat \(root)") }
        var changed = 0
        try visit(root, device: top.st_dev, status: top, changed: &changed)
        return changed
    }

    func mapped(_ id: UInt32, from base: UInt32, to target: UInt32) -> UInt32 {
        guard id >= base, id - base < span else { return id }
        return id - base + target
    }

    private func visit(_ path: String, device: dev_t, status: stat, changed: inout Int) throws(CoreError) {
        let uid = mapped(status.st_uid, from: from.uid, to: to.uid)
        let gid = mapped(status.st_gid, from: from.gid, to: to.gid)
        let kind = status.st_mode & S_IFMT
        if uid != status.st_uid || gid != status.st_gid {
            guard lchown(path, uid, gid) == 0 else { throw CoreError.fromErrno("lchown \(path)") }
            changed += 1
            // chown clears set-user-ID and set-group-ID even for root.
            if kind != S_IFLNK, status.st_mode & (S_ISUID | S_ISGID) != 0, chmod(path, status.st_mode & 0o7777) != 0 {
                throw CoreError.fromErrno("chmod \(path)")
            }
        }
        guard kind == S_IFDIR, status.st_dev == device else { return }
        for name in try FileIO.names(in: path) {
            let child = path == "/" ? "/\(name)" : "\(path)/\(name)"
            var entry = stat()
            guard lstat(child, &entry) == 0 else { throw CoreError.fromErrno("lstat \(child)") }
            guard entry.st_dev == device else { continue }
            try visit(child, device: device, status: entry, changed: &changed)
        }
    }
}
