#if canImport(Glibc)
import Glibc
#endif
import NamespaceCore

/// What this host offers that some settings need. Each member is read only when a config asks
/// for such a setting, so a plain container's start pays nothing; tests pass a fake.
public protocol HostSupport: Sendable {
    /// The confining LSMs that are active (`apparmor`, `selinux`...).
    func securityModules() -> [String]
    /// The cgroup layout, nil when it cannot be read.
    func cgroupLayout() -> CgroupLayout?
    /// Whether the resctrl file system (Intel RDT) is mounted.
    func hasResctrl() -> Bool
    /// The huge page sizes the kernel supports, by their kernel names (`2MB`, `1GB`).
    func hugepageSizes() -> [String]
}

/// This machine.
public struct CurrentHostSupport: HostSupport {
    public init() {}

    public func securityModules() -> [String] { HostSecurityModules.active() }

    public func cgroupLayout() -> CgroupLayout? { try? CgroupHost.current().layout }

    public func hasResctrl() -> Bool { access("/sys/fs/resctrl/schemata", F_OK) == 0 }

    public func hugepageSizes() -> [String] { CgroupHugepageLimit.hostPageSizes() }
}
