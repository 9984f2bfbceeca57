#if canImport(Glibc)
import Glibc
#endif
import NamespaceCore

/// Opens directories below a root one component at a time, never following a symlink, so a
/// layer's own symlinks cannot steer a whiteout outside the layer directory.
enum DirectoryWalk {
    /// An fd of `root/components...`, creating missing directories (mode 0755).
    static func open(root: Int32, _ components: [Substring], create: Bool, raw: String) throws(CoreError) -> Int32 {
        var current = dup(root)
        guard current >= 0 else { throw CoreError(stage: "dup", errno: errno) }
        for component in components {
            let name = String(component)
            if create, mkdirat(current, name, 0o755) != 0, errno != EEXIST {
                let code = errno
                close(current)
                throw CoreError(stage: "layer entry '\(raw)'", errno: code, detail: "cannot create directory \(name)")
            }
            let next = openat(current, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
            let code = errno
            close(current)
            guard next >= 0 else {
                let reason = code == ELOOP || code == ENOTDIR ? "goes through a symlink or a file (\(name))" : "cannot open \(name)"
                throw CoreError(stage: "layer entry '\(raw)'", errno: code, detail: reason)
            }
            current = next
        }
        return current
    }
}
