import Foundation
import Glibc

/// Removes a container's empty cgroup directories left in any hierarchy (a runtime that
/// crashed between create and delete). Only the leaf: the shared `cbench` parent belongs to
/// everyone and `cbench cleanup` removes it when empty.
enum CgroupLeaf {
    static func remove(_ relativePath: String, root: String = "/sys/fs/cgroup") {
        rmdir("\(root)/\(relativePath)")
        for hierarchy in (try? FileManager.default.contentsOfDirectory(atPath: root)) ?? [] {
            rmdir("\(root)/\(hierarchy)/\(relativePath)")
        }
    }

    /// Leaf directories that still exist, for leak checks.
    static func existing(_ relativePath: String, root: String = "/sys/fs/cgroup") -> [String] {
        var found: [String] = []
        if FileManager.default.fileExists(atPath: "\(root)/\(relativePath)") { found.append("\(root)/\(relativePath)") }
        for hierarchy in (try? FileManager.default.contentsOfDirectory(atPath: root)) ?? [] {
            let path = "\(root)/\(hierarchy)/\(relativePath)"
            if FileManager.default.fileExists(atPath: path) { found.append(path) }
        }
        return found
    }
}
