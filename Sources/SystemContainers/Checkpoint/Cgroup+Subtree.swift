#if canImport(Glibc)
import Glibc
#endif
import NamespaceCore

extension Cgroup {
    /// The directories below this cgroup, as `MOUNTPOINT<TAB>RELATIVE` lines, parents first.
    /// CRIU makes again only the cgroups that hold a task, but a systemd init watches its empty
    /// slices too (inotify on their cgroup.events), and the restore fails where one is missing.
    func subtreeLines() -> [String] {
        var lines: [String] = []
        func walk(_ directory: String, relative: String, mountPoint: String) {
            for name in (try? FileIO.names(in: directory)) ?? [] {
                var info = stat()
                let path = "\(directory)/\(name)"
                guard lstat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFDIR else { continue }
                let below = relative.isEmpty ? name : "\(relative)/\(name)"
                lines.append("\(mountPoint)\t\(below)")
                walk(path, relative: below, mountPoint: mountPoint)
            }
        }
        for directory in directories { walk(directory.path, relative: "", mountPoint: directory.hierarchy.mountPoint) }
        return lines
    }

    /// Makes the directories of `subtreeLines` again below this cgroup, in the hierarchies it
    /// has, each handed to `owner` as the cgroup itself is (`delegate`).
    func recreateSubtree(_ lines: [String], owner: SystemRootOwner) throws(CoreError) {
        for line in lines {
            let parts = line.split(separator: "\t", maxSplits: 1).map(String.init)
            guard parts.count == 2, !parts[1].split(separator: "/").contains(".."),
                  let directory = directories.first(where: { $0.hierarchy.mountPoint == parts[0] }) else { continue }
            let made = CgroupDirectory(hierarchy: directory.hierarchy, path: "\(directory.path)/\(parts[1])")
            guard mkdir(made.path, 0o755) == 0 || errno == EEXIST else {
                throw CoreError(stage: "restore: mkdir cgroup \(made.path)", errno: errno)
            }
            try Self.delegate(made, to: owner)
        }
    }
}
