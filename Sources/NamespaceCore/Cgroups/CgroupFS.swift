/// The failure of one cgroupfs operation: the errno the kernel (or the fake) gave.
public struct CgroupFSError: Error, Sendable, Equatable {
    public var errno: Int32
    public init(errno: Int32) { self.errno = errno }
}

/// Everything the cgroup code does to the file system, so v1, v2 and hybrid logic runs
/// against an in-memory tree (`FakeCgroupFS`, in NamespaceCoreTesting) in unit tests and cgroupfs (`RealCgroupFS`) for real.
public protocol CgroupFS: Sendable {
    /// Whole contents of a file.
    func read(_ path: String) throws(CgroupFSError) -> String
    /// One write(2) of `value` to an existing file: cgroupfs acts on each write call,
    /// so the value must not be split.
    func write(_ path: String, _ value: String) throws(CgroupFSError)
    /// Creates one directory; EEXIST when it already exists.
    func mkdir(_ path: String) throws(CgroupFSError)
    /// Removes one (cgroup) directory; EBUSY while it holds tasks or child cgroups.
    func rmdir(_ path: String) throws(CgroupFSError)
    func exists(_ path: String) -> Bool
    /// Names of the subdirectories of `path`, sorted.
    func listDirectories(_ path: String) throws(CgroupFSError) -> [String]
    /// cgroup2 has no devices controller: `rules` become an eBPF program (BPF_CGROUP_DEVICE)
    /// attached to the cgroup2 directory `path`; it goes with the directory.
    func attachDeviceProgram(_ rules: [CgroupDeviceRule], to path: String) throws(CoreError)
    /// flock(2) on directory `path`, held until the returned lock is released. ENOENT when the
    /// directory is gone (or was removed and made again) by the time the lock is held;
    /// EWOULDBLOCK for `.exclusiveIfFree` while someone else holds it.
    func lockDirectory(_ path: String, mode: CgroupLockMode) throws(CgroupFSError) -> CgroupDirectoryLock
}
