import Glibc
import NamespaceCore

/// Reads every regular file below a shared root once, so its pages are in the page cache and
/// charged to the caller's cgroup (the runner's) before a layout on an overlay of that root
/// starts. The whole copy each step used to make left the root's pages so (written by the
/// runner); without this the first system layout of a run would start cold and carry the
/// shared root's pages in its own cgroup, and the next one on the same root would start warm
/// and carry none.
enum PageCacheWarmer {
    /// The bytes read.
    @discardableResult
    static func warm(_ root: String) throws -> UInt64 {
        var buffer = [UInt8](repeating: 0, count: 1 << 20)
        var total: UInt64 = 0
        var pending = [root]
        while let directory = pending.popLast() {
            for name in try FileIO.names(in: directory) {
                let path = "\(directory)/\(name)"
                var info = stat()
                guard lstat(path, &info) == 0 else { throw CoreError(stage: "warm the page cache: lstat \(path)", errno: errno) }
                switch info.st_mode & S_IFMT {
                case S_IFDIR: pending.append(path)
                case S_IFREG: total += try read(path, into: &buffer)
                default: continue
                }
            }
        }
        return total
    }

    static func read(_ path: String, into buffer: inout [UInt8]) throws -> UInt64 {
        let fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW)
        guard fd >= 0 else { throw CoreError(stage: "warm the page cache: open \(path)", errno: errno) }
        defer { close(fd) }
        var total: UInt64 = 0
        while true {
            let count = buffer.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
            if count < 0 && errno == EINTR { continue }
            guard count >= 0 else { throw CoreError(stage: "warm the page cache: read \(path)", errno: errno) }
            if count == 0 { return total }
            total += UInt64(count)
        }
    }
}
