#if canImport(Glibc)
import Glibc
#endif

/// Checks a path inside a root directory before anything is mounted on it: a symlink on the
/// way whose `..` steps would climb above the root (`/etc -> ../../../host/etc`) is refused, as
/// a mount target must never lead out of the container. Absolute links are read as the
/// container will read them, from its own root, and are fine.
public enum RootfsPath {
    /// The first symlink (as a container path) that leads out of `root`, or nil.
    public static func escapingSymlink(in root: String, path: String, maxLinks: Int = 40) -> String? {
        var pending = path.split(separator: "/").map(String.init)
        var resolved: [String] = []
        var links = 0
        while !pending.isEmpty {
            let component = pending.removeFirst()
            if component == "." || component.isEmpty { continue }
            if component == ".." {
                if resolved.isEmpty { return "/" + (resolved + [component]).joined(separator: "/") }
                resolved.removeLast()
                continue
            }
            let containerPath = "/" + (resolved + [component]).joined(separator: "/")
            guard let target = FileIO.readLink(root + containerPath) else {
                resolved.append(component)
                continue
            }
            links += 1
            if links > maxLinks { return containerPath }
            if target.hasPrefix("/") {
                resolved = []
            } else if climbsAbove(target, depth: resolved.count) {
                return containerPath
            }
            pending = target.split(separator: "/").map(String.init) + pending
        }
        return nil
    }

    /// True when the relative `target`, read in a directory `depth` levels below the root,
    /// goes above the root at some point.
    static func climbsAbove(_ target: String, depth: Int) -> Bool {
        var level = depth
        for component in target.split(separator: "/") {
            if component == ".." { level -= 1 } else if component != "." { level += 1 }
            if level < 0 { return true }
        }
        return false
    }
}
