import Foundation
import Glibc

/// Removes a container's empty cgroup directories left in any hierarchy (a runtime that
/// crashed between create and delete), with any sub-cgroups a runtime made inside it (LXC's
/// `lxc.pivot`), deepest first. Only the leaf: the shared `cbench` parent belongs to everyone
/// and the session or `cbench cleanup` removes it when empty.
public enum CgroupLeaf {
    public static func remove(_ relativePath: String, root: String = "/sys/fs/cgroup") {
        removeTree("\(root)/\(relativePath)")
        for hierarchy in (try? FileManager.default.contentsOfDirectory(atPath: root)) ?? [] {
            removeTree("\(root)/\(hierarchy)/\(relativePath)")
        }
    }

    /// Leaf directories that still exist, for leak checks.
    public static func existing(_ relativePath: String, root: String = "/sys/fs/cgroup") -> [String] {
        var found: [String] = []
        if FileManager.default.fileExists(atPath: "\(root)/\(relativePath)") { found.append("\(root)/\(relativePath)") }
        for hierarchy in (try? FileManager.default.contentsOfDirectory(atPath: root)) ?? [] {
            let path = "\(root)/\(hierarchy)/\(relativePath)"
            if FileManager.default.fileExists(atPath: path) { found.append(path) }
        }
        return found
    }

    /// rmdir of the directory after its sub-directories; cgroupfs files go with their directory.
    private static func removeTree(_ path: String) {
        var info = stat()
        guard lstat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFDIR else { return }
        for entry in (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? [] {
            var child = stat()
            if lstat("\(path)/\(entry)", &child) == 0, (child.st_mode & S_IFMT) == S_IFDIR { removeTree("\(path)/\(entry)") }
        }
        rmdir(path)
    }
}
