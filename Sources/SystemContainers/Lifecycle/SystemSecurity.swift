#if canImport(Glibc)
import Glibc
#endif
import NamespaceCore

/// LXC's security defaults: the capabilities it drops and its seccomp denylist
/// (/usr/share/lxc/config/common.conf and common.seccomp).
public enum SystemSecurity {
    /// LXC's common.conf drop list, and net_raw: no raw or packet sockets by default (ping
    /// works through ICMP datagram sockets, `LaunchSpec.allowPingForAllGroups`). A config that
    /// drops less, or keeps it with `lxc.cap.keep`, gives it back.
    public static let defaultCapabilityDrop = ["mac_admin", "mac_override", "sys_time", "sys_module", "sys_rawio", "net_raw"]
    /// Hidden in an unprivileged container, Docker's list. `start` has them mounted with proc
    /// and sysfs from the host's user namespace (`LaunchSpec.lockingStage`), so they are
    /// locked: root inside can neither unmount them nor mount a fresh proc or sysfs, which the
    /// kernel refuses while every proc (sysfs) has a locked mount over a file or a non-empty
    /// directory. A privileged container has none: nothing short of an LSM stops its root.
    public static let maskedPaths: [String] = KernelStatePaths.masked

    public static let deniedSyscalls = ["kexec_load", "open_by_handle_at", "init_module", "finit_module", "delete_module"]

    /// The denylist as LXC compiles it: each syscall fails with EPERM, and `umount2` with
    /// MNT_FORCE fails with EACCES (LXC's `reject_force_umount`).
    public static var seccompProfile: SeccompProfile {
        let mntForce: UInt64 = 1
        return SeccompProfile(defaultAction: .allow, rules: [
            SeccompRule(syscalls: deniedSyscalls, action: .errno(UInt32(EPERM))),
            SeccompRule(syscalls: ["umount2"], action: .errno(UInt32(EACCES)),
                        conditions: [SeccompCondition(index: 1, value: mntForce, valueTwo: mntForce, op: .maskedEqual)]),
        ])
    }

    /// The filter of a container: LXC's denylist, or none when `lxc.seccomp.profile` is set
    /// empty (as LXC reads an empty value: no filter). A profile file is not read: any other
    /// value, LXC's common.seccomp included, gets the denylist it holds.
    public static func seccompProgram(for config: LXCConfig) throws(CoreError) -> SeccompProgram? {
        if config.seccompProfile == "" { return nil }
        return try seccompProfile.compile()
    }

    /// What the init may hold: `available` (the caller's bounding set) minus `lxc.cap.drop`, or
    /// only `lxc.cap.keep` when that is set. Inheritable and ambient stay empty, as under LXC.
    public static func capabilities(drop: [String], keep: [String], available: Set<UInt32>) throws(CoreError) -> CapabilitySets {
        var allowed: Set<UInt32>
        if !keep.isEmpty {
            allowed = keep == ["none"] ? [] : try Capability.parse(keep.filter { $0 != "none" })
            allowed.formIntersection(available)
        } else {
            allowed = available.subtracting(try Capability.parse(drop.filter { $0 != "none" }))
        }
        return CapabilitySets(bounding: allowed, effective: allowed, inheritable: [], permitted: allowed, ambient: [])
    }

    /// What `create` and `start` print for a container without `lxc.idmap`.
    public static func privilegedWarning(name: String, activeModules: [String] = HostSecurityModules.active()) -> String {
        let confinement = activeModules.isEmpty
            ? "this host has no LSM such as AppArmor or SELinux to confine it"
            : "cbench loads no \(activeModules.joined(separator: "/")) profile for it"
        return "warning: \(name) is privileged: root inside is root on the host (\(confinement)); a fresh proc or sysfs "
            + "mount inside reaches host-wide settings such as kernel.core_pattern. Create it without --privileged unless it needs that."
    }

    /// The caller's bounding set: a container cannot get more (this host withholds
    /// CAP_SYS_RESOURCE even from root).
    public static func callerBoundingSet() -> Set<UInt32> {
        Capability.boundingSetOfThisProcess()
    }
}
