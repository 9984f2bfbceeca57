/// The kernel-facing steps of a cleanup, behind a protocol so tests can record them.
/// Paths are host paths; each call returns nil on success.
public protocol LeftoverActions: Sendable {
    /// Start time of a live, non-zombie process; nil when it is gone.
    func startTime(of pid: Int32) -> UInt64?
    func kill(_ pid: Int32) -> CoreError?
    /// Lets a frozen cgroup run again, so its processes can receive SIGKILL.
    func thaw(cgroup path: String) -> CoreError?
    /// umount2(MNT_DETACH); a path that is no longer a mount point counts as done.
    func unmount(_ path: String) -> CoreError?
    func removeDirectory(_ path: String) -> CoreError?
    func removeFile(_ path: String) -> CoreError?
    /// Removes a file or a whole tree without crossing into another file system.
    func removeTree(_ path: String) -> CoreError?
    func deleteLink(_ name: String) -> CoreError?
    /// A short wait between polls for a dying process or a busy cgroup.
    func pause()
}
