#if canImport(Glibc)
import Glibc
#endif
import CShim

/// Idmapped bind mounts: a user-namespaced container sees files owned by host root as its
/// own, without shifting every owner on disk. The mount is made in the host's mount
/// namespace (under a run directory) before the launch; the container's mount namespace
/// keeps its copy and the host's is detached once the container runs. Where the kernel or
/// file system refuses, callers fall back to shifting ownership.
public enum IdmappedMount {

    public static func mapText(_ mappings: [IDMapping]) -> String {
        mappings.map { "\($0.containerID) \($0.hostID) \($0.size)\n" }.joined()
    }

    /// Mounts `source`, idmapped as `uid`/`gid` map, at `target` (a new directory).
    public static func mount(_ source: String, at target: String, uid: [IDMapping], gid: [IDMapping]) throws(CoreError) {
        let namespace = cshim_userns_fd(mapText(uid), mapText(gid))
        guard namespace >= 0 else { throw CoreError.fromErrno("user namespace for the idmapped root") }
        defer { close(namespace) }
        guard mkdir(target, 0o700) == 0 || errno == EEXIST else { throw CoreError.fromErrno("mkdir \(target)") }
        var stage: UnsafePointer<CChar>?
        guard cshim_idmapped_bind(source, target, namespace, &stage) == 0 else {
            let code = errno
            rmdir(target)
            let name = stage.map { String(cString: $0) } ?? "idmapped mount"
            throw CoreError(stage: "\(name) of \(source)", errno: code)
        }
    }

    /// Detaches the host's view (the container keeps its own) and removes the directory.
    public static func unmount(_ target: String) {
        if umount2(target, Int32(MNT_DETACH)) == 0 || errno != ENOENT { rmdir(target) }
    }
}
