#if canImport(Glibc)
import Glibc
#endif
import NamespaceCore

extension Cgroup {
    /// Removes the cgroups a distribution init made inside the container's own (systemd's
    /// init.scope, system.slice/...), deepest first, so the container's cgroup can go. Their
    /// processes died with the container's pid namespace; a busy one is retried briefly.
    func removeNestedGroups() throws(CoreError) {
        for directory in directories {
            var nested: [String] = []
            Self.collectSubdirectories(of: directory.path, into: &nested)
            for path in nested.reversed() {
                var attempts = 0
                while rmdir(path) != 0 && errno != ENOENT {
                    guard errno == EBUSY, attempts < 200 else { throw CoreError(stage: "cgroup remove \(path)", errno: errno) }
                    attempts += 1
                    usleep(5_000)
                }
            }
        }
    }

    /// Parents before children.
    private static func collectSubdirectories(of path: String, into list: inout [String]) {
        guard let stream = opendir(path) else { return }
        var children: [String] = []
        while let entry = readdir(stream) {
            guard entry.pointee.d_type == UInt8(DT_DIR) else { continue }
            let name = withUnsafePointer(to: entry.pointee.d_name) {
                $0.withMemoryRebound(to: CChar.self, capacity: 256) { String(cString: $0) }
            }
            if name != "." && name != ".." { children.append("\(path)/\(name)") }
        }
        closedir(stream)
        for child in children {
            list.append(child)
            collectSubdirectories(of: child, into: &list)
        }
    }
}
