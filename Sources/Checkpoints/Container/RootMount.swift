#if canImport(Glibc)
import Glibc
#endif
import NamespaceCore

/// The root CRIU restores into must be a mount point whose parent is not over-mounted: the
/// container's root is bind-mounted (recursively) onto a fresh directory for the restore and
/// detached afterwards (the restored mount namespace keeps its own copy).
public enum RootMount {
    public static func bind(_ source: String, at mountpoint: String) throws(CheckpointError) {
        guard mkdir(mountpoint, 0o755) == 0 || errno == EEXIST else {
            throw CheckpointError(stage: "restore: mkdir \(mountpoint)", errno: errno)
        }
        guard mount(source, mountpoint, nil, UInt(MS_BIND | MS_REC), nil) == 0 else {
            let code = errno
            rmdir(mountpoint)
            throw CheckpointError(stage: "restore: bind \(source) at \(mountpoint)", errno: code)
        }
    }

    /// Detaches and removes the mount point; a missing one is fine.
    public static func release(_ mountpoint: String) {
        _ = umount2(mountpoint, Int32(MNT_DETACH))
        rmdir(mountpoint)
    }
}
