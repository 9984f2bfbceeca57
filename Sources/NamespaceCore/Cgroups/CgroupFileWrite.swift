/// One value to write into a control file of a cgroup, computed from `CgroupResources`
/// before anything touches the file system.
struct CgroupFileWrite: Sendable, Equatable {
    var file: String
    var value: String
    /// The control this write enforces; it is reported unsupported when its controller
    /// is not mounted, or (for `skipIfMissing`) when the file does not exist.
    var feature: CgroupFeature
    /// The file exists only with some kernel options (memsw needs swap accounting).
    var skipIfMissing: Bool = false
    /// Written instead when `file` does not exist (blkio.bfq.weight where the I/O scheduler
    /// is BFQ and blkio.weight is absent); with `skipIfMissing`, skipped when neither exists.
    var fallback: Fallback?

    struct Fallback: Sendable, Equatable {
        var file: String
        var value: String
    }

    /// The controller owning the file: `memory` for `memory.limit_in_bytes`.
    var controller: String {
        String(file.prefix { $0 != "." })
    }
}
