#if canImport(Glibc)
import Glibc
#endif
import NamespaceCore

/// A container root as a first pass read it (a migration sends the root before the freeze,
/// then inside the frozen window only what changed since, as P.Haul and LXD do with two rsync
/// passes): each entry's stat, taken before its data was read, and when the pass began.
/// `delta` compares the root now with it: an entry whose size, mtime, ctime, inode, type,
/// mode or owner differs, or that is new, goes again; one that is gone (or changed type) is
/// removed there. An entry whose recorded ctime is not before the pass began is sent again
/// too: a write in the same clock tick as the pass's stat would leave every field the same.
struct RootSnapshot: Sendable, Equatable {
    struct Stamp: Sendable, Equatable {
        var device: UInt64
        var inode: UInt64
        var mode: UInt32
        var uid: UInt32
        var gid: UInt32
        var size: Int64
        var modified: Instant
        var changed: Instant

        init(_ info: stat) {
            device = UInt64(info.st_dev)
            inode = UInt64(info.st_ino)
            mode = UInt32(info.st_mode)
            uid = UInt32(info.st_uid)
            gid = UInt32(info.st_gid)
            size = Int64(info.st_size)
            modified = Instant(info.st_mtim)
            changed = Instant(info.st_ctim)
        }

        var fileType: UInt32 { mode & UInt32(S_IFMT) }
    }

    /// A file time, or the coarse clock file times are stamped from.
    struct Instant: Sendable, Equatable, Comparable {
        var seconds: Int64
        var nanoseconds: Int64

        init(_ time: timespec) {
            seconds = Int64(time.tv_sec)
            nanoseconds = Int64(time.tv_nsec)
        }

        init(seconds: Int64, nanoseconds: Int64) {
            self.seconds = seconds
            self.nanoseconds = nanoseconds
        }

        /// The clock the kernel stamps file times from (it never runs ahead of it).
        static func coarseNow() -> Instant {
            var time = timespec()
            clock_gettime(CLOCK_REALTIME_COARSE, &time)
            return Instant(time)
        }

        static func < (left: Instant, right: Instant) -> Bool {
            (left.seconds, left.nanoseconds) < (right.seconds, right.nanoseconds)
        }
    }

    /// What goes inside the frozen window: entries to send again, entries to remove first.
    struct Delta: Sendable, Equatable {
        /// Relative names ("" is the root itself).
        var changed: Set<String> = []
        /// Relative names, children before their parents.
        var removed: [String] = []
    }

    /// When the pass began (`Instant.coarseNow` before its first stat).
    var began: Instant
    /// Relative name -> its stat when the pass read it.
    var entries: [String: Stamp] = [:]

    init(began: Instant = .coarseNow()) {
        self.began = began
    }

    /// Records `relative` below `root` as it is now; called by the pass before it reads the
    /// entry's data. An entry gone meanwhile is left out (the delta sends it if it is back).
    mutating func record(_ relative: String, under root: String) {
        var info = stat()
        guard lstat(Self.path(relative, under: root), &info) == 0 else { return }
        entries[relative] = Stamp(info)
    }

    /// The root now against the pass.
    func delta(of root: String) throws(CoreError) -> Delta {
        var delta = Delta()
        var seen: Set<String> = []
        try Self.walk(root, relative: "") { relative, info in
            seen.insert(relative)
            let now = Stamp(info)
            guard let then = entries[relative] else {
                delta.changed.insert(relative)
                return
            }
            if then.fileType != now.fileType { delta.removed.append(relative) }
            if then != now || !(then.changed < began) { delta.changed.insert(relative) }
        }
        delta.removed += entries.keys.filter { !seen.contains($0) }
        // Deepest first, so a directory is emptied before it goes.
        let depth = { (name: String) in name.utf8.count(where: { $0 == UInt8(ascii: "/") }) }
        delta.removed.sort { depth($0) != depth($1) ? depth($0) > depth($1) : $0 < $1 }
        return delta
    }

    static func path(_ relative: String, under root: String) -> String {
        relative.isEmpty ? root : root + "/" + relative
    }

    /// Every entry below `root` (itself first) with its lstat; symlinks are not followed.
    static func walk(_ root: String, relative: String,
                     _ visit: (String, stat) throws(CoreError) -> Void) throws(CoreError) {
        let path = Self.path(relative, under: root)
        var info = stat()
        guard lstat(path, &info) == 0 else {
            if errno == ENOENT { return }
            throw CoreError(stage: "stat \(path)", errno: errno)
        }
        try visit(relative, info)
        guard (info.st_mode & S_IFMT) == S_IFDIR else { return }
        for name in try FileIO.names(in: path) {
            try walk(root, relative: relative.isEmpty ? name : relative + "/" + name, visit)
        }
    }
}
