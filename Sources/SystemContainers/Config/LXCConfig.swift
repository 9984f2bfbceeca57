/// The subset of LXC's container configuration language that system containers use, as a
/// typed model. Files in this syntax are read by real LXC too (lxc.container.conf(5)).
public struct LXCConfig: Sendable, Equatable {
    public var utsName: String?
    /// The rootfs path with LXC's `dir:` storage prefix removed; nil for an overlay root.
    public var rootfsPath: String?
    /// `overlay:LOWER:UPPER`: a copy-on-write view of a shared root (as `lxc-copy -s` makes).
    public var rootfsOverlay: LXCRootfsOverlay?
    public var mountEntries: [LXCMountEntry] = []
    public var mountAuto = LXCMountAuto()
    /// By index N of `lxc.net.N.*`.
    public var networks: [Int: LXCNetwork] = [:]
    public var idmaps: [LXCIDMap] = []
    /// `lxc.cgroup.*` and `lxc.cgroup2.*` in file order.
    public var cgroupSettings: [LXCCgroupSetting] = []
    /// Lower-case names without the `cap_` prefix, as LXC writes them.
    public var capDrop: [String] = []
    public var capKeep: [String] = []
    public var initCommand: [String]?
    public var haltSignal: Int32?
    public var stopSignal: Int32?
    public var rebootSignal: Int32?
    public var ttyMax: Int?
    public var ptyMax: Int?
    public var consolePath: String?
    public var consoleLogFile: String?
    /// `KEY=VALUE`, or a bare `KEY` taken from the starter's environment.
    public var environment: [String] = []
    public var startAuto: Bool?
    public var autodev: Bool?
    public var seccompProfile: String?
    /// `lxc.apparmor.allow_nesting = 1`: root inside may mount a fresh proc and sysfs (for
    /// nested containers, and for systemd 252's ProtectControlGroups=, which mounts one and has
    /// no fallback), as LXC's nesting profile allows. Without it an unprivileged container's
    /// masks are locked and such mounts fail with EPERM (`locksMasks`).
    public var allowNesting = false
    /// Keys LXC knows and this project accepts but does not act on (AppArmor, hooks...).
    public var ignoredEntries: [LXCConfigEntry] = []

    public init() {}

    /// Network entries sorted by index.
    public var orderedNetworks: [LXCNetwork] {
        networks.keys.sorted().compactMap { networks[$0] }
    }
}

/// One `key = value` line and where it came from.
public struct LXCConfigEntry: Sendable, Equatable {
    public var file: String
    public var line: Int
    public var key: String
    public var value: String
    public init(file: String, line: Int, key: String, value: String) {
        self.file = file
        self.line = line
        self.key = key
        self.value = value
    }
}

/// `lxc.mount.entry`: an fstab line whose target is relative to the container's root.
public struct LXCMountEntry: Sendable, Equatable {
    public var source: String
    /// Relative to the rootfs (a leading `/` is tolerated, as LXC does).
    public var target: String
    public var type: String
    /// Including LXC's own `create=dir|file` and `optional`.
    public var options: [String]

    public init(source: String, target: String, type: String, options: [String]) {
        self.source = source
        self.target = target
        self.type = type
        self.options = options
    }

    public var isOptional: Bool { options.contains("optional") }
    /// The options mount(2) understands: LXC's own ones and `defaults` removed.
    public var kernelOptions: [String] {
        options.filter { $0 != "optional" && $0 != "defaults" && !$0.hasPrefix("create=") }
    }
}

/// `lxc.mount.auto`: the last word for each kind wins, as in LXC.
public struct LXCMountAuto: Sendable, Equatable {
    public enum Proc: String, Sendable { case mixed = "proc:mixed", rw = "proc:rw" }
    public enum Sys: String, Sendable { case mixed = "sys:mixed", ro = "sys:ro", rw = "sys:rw" }
    public enum CgroupMount: String, Sendable { case mixed = "cgroup:mixed", ro = "cgroup:ro", rw = "cgroup:rw" }
    public var proc: Proc?
    public var sys: Sys?
    public var cgroup: CgroupMount?
    public init(proc: Proc? = nil, sys: Sys? = nil, cgroup: CgroupMount? = nil) {
        self.proc = proc
        self.sys = sys
        self.cgroup = cgroup
    }
}

/// `lxc.net.N.*`.
public struct LXCNetwork: Sendable, Equatable {
    public enum Kind: String, Sendable { case empty, none, veth, macvlan, vlan, phys }
    public var index: Int
    public var type: Kind?
    public var link: String?
    public var name: String?
    public var flags: String?
    public var hwaddr: String?
    public var mtu: Int?
    /// `ADDRESS/PREFIX`, possibly several.
    public var ipv4Addresses: [String] = []
    public var ipv4Gateway: String?
    public var ipv6Addresses: [String] = []
    public var ipv6Gateway: String?
    public var vethPair: String?
    public init(index: Int) { self.index = index }
}

/// `lxc.idmap = u|g CONTAINER HOST COUNT`.
public struct LXCIDMap: Sendable, Equatable {
    public enum Kind: String, Sendable { case uid = "u", gid = "g" }
    public var kind: Kind
    public var containerID: UInt32
    public var hostID: UInt32
    public var count: UInt32
    public init(kind: Kind, containerID: UInt32, hostID: UInt32, count: UInt32) {
        self.kind = kind
        self.containerID = containerID
        self.hostID = hostID
        self.count = count
    }
}

/// `lxc.cgroup.KEY = VALUE` (v1 file names) or `lxc.cgroup2.KEY = VALUE` (v2 file names).
public struct LXCCgroupSetting: Sendable, Equatable {
    public enum Version: String, Sendable { case v1 = "lxc.cgroup", v2 = "lxc.cgroup2" }
    public var version: Version
    /// The controller file, e.g. `memory.limit_in_bytes` or `devices.allow`.
    public var key: String
    public var value: String
    public var entry: LXCConfigEntry
    public init(version: Version, key: String, value: String, entry: LXCConfigEntry) {
        self.version = version
        self.key = key
        self.value = value
        self.entry = entry
    }
}
