#if canImport(Glibc)
import Glibc
#endif

/// Mounts a harness makes in the host's own mount namespace for a container it hands to a
/// runtime (an overlay root for runc or crun, as containerd gives them one) or for a workload
/// on the bare host (a tmpfs). Each is undone with `detach`; `cbench cleanup` finds any left
/// under the project's directories after a crash.
public enum HostMount {
    /// An overlay of `lower` (read-only) under `upper` at `target`; `upper`, `work` and
    /// `target` are made when missing.
    public static func overlay(lower: String, upper: String, work: String, at target: String) throws(CoreError) {
        for directory in [upper, work, target] { try FileIO.makeDirectories(directory, mode: 0o755) }
        let options = "lowerdir=\(lower),upperdir=\(upper),workdir=\(work)"
        guard mount("overlay", target, "overlay", 0, options) == 0 else {
            throw CoreError.fromErrno("mount overlay at \(target)")
        }
    }

    /// A tmpfs of at most `megabytes` at `target` (made when missing).
    public static func tmpfs(at target: String, megabytes: Int) throws(CoreError) {
        try FileIO.makeDirectories(target, mode: 0o755)
        guard mount("tmpfs", target, "tmpfs", UInt(MS_NOSUID | MS_NODEV), "size=\(megabytes)m,mode=0755") == 0 else {
            throw CoreError.fromErrno("mount tmpfs at \(target)")
        }
    }

    /// Detaches whatever is mounted at `target`; nothing mounted there is fine.
    public static func detach(_ target: String) {
        while umount2(target, Int32(MNT_DETACH)) == 0 {}
    }
}
