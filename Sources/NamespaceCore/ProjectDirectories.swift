#if canImport(Glibc)
import Glibc
#endif

/// Where the project keeps things on the host. Everything carries `cbench` in its path,
/// and the run-time directories go again once they are empty, so the host is left as found.
public enum ProjectDirectories {
    public static let runtime = "/run/cbench"
    public static let persistent = "/var/lib/cbench"

    /// Removes each directory, deepest first as given, if it is empty; a busy one stays. The
    /// owner of a directory below `runtime` is then the last one out when `runtime` is empty,
    /// so it goes too (every owner tries, and only the last succeeds).
    public static func removeIfEmpty(_ directories: [String]) {
        for directory in directories { rmdir(directory) }
        if directories.contains(where: { $0.hasPrefix(runtime + "/") }) { rmdir(runtime) }
    }
}
