/// What to run in a container: the process, the root file system (read-only), and whether the
/// static probe is bind-mounted read-only at /cbench-probe.
public struct ContainerWorkload: Sendable, Equatable {
    public var args: [String]
    public var rootfs: String
    /// Host path of the static probe; nil when the workload does not need it.
    public var probe: String?
    /// Maps container root to an unprivileged host range (root:100000:65536).
    public var userNamespace: Bool

    public init(args: [String], rootfs: String, probe: String? = nil, userNamespace: Bool = false) {
        self.args = args
        self.rootfs = rootfs
        self.probe = probe
        self.userNamespace = userNamespace
    }

    /// Where the probe appears inside the container.
    public static let probeMountPoint = "/cbench-probe"
    /// The first host id of the subordinate range `Scripts/setup` grants root.
    public static let userNamespaceHostID: UInt32 = 100_000
    public static let userNamespaceSize: UInt32 = 65_536
}
