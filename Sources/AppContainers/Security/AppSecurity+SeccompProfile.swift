import NamespaceCore
#if canImport(Glibc)
import Glibc
#endif

extension AppSecurity {
    /// Architectures Docker's profile accepts on this host: the native one and its sub-architectures.
    public static var seccompArchitectures: [String] { HostArchitecture.current.seccompArchitectures }

    /// The namespace-creating clone flags: NEWNS | NEWCGROUP | NEWUTS | NEWIPC | NEWUSER |
    /// NEWPID | NEWNET. Without CAP_SYS_ADMIN, clone is allowed only with none of them.
    public static let cloneNamespaceFlags: UInt64 = 0x7E02_0000

    /// AF_VSOCK: sockets to the hypervisor are refused (Docker closes this escape route).
    static let addressFamilyVSock: UInt64 = 40

    /// personality(2) values Docker allows: PER_LINUX, UNAME26, PER_LINUX32, both, and the query.
    static let allowedPersonalities: [UInt64] = [0x0, 0x0008, 0x20000, 0x20008, 0xffff_ffff]

    /// Docker's default profile with the default capabilities.
    public static var defaultSeccompProfile: SeccompProfile {
        seccompProfile(capabilities: defaultCapabilitySet)
    }

    /// Docker's default profile for a container holding `capabilities`: EPERM for anything
    /// not listed, the allowlist, and the syscalls each held capability unlocks.
    public static func seccompProfile(capabilities: Set<UInt32>) -> SeccompProfile {
        let held = Set(capabilities.map { Capability.name(of: $0) })
        var allowed = unconditionalSyscalls
        for (capability, syscalls) in capabilityGatedSyscalls where held.contains(capability) {
            allowed += syscalls.filter { !allowed.contains($0) }
        }
        var rules = [SeccompRule(syscalls: allowed, action: .allow)]
        rules += allowedPersonalities.map { value in
            SeccompRule(syscalls: ["personality"], action: .allow,
                        conditions: [SeccompCondition(index: 0, value: value, op: .equal)])
        }
        rules.append(SeccompRule(syscalls: ["socket"], action: .allow,
                                 conditions: [SeccompCondition(index: 0, value: addressFamilyVSock, op: .notEqual)]))
        if held.contains("CAP_SYS_ADMIN") {
            rules.append(SeccompRule(syscalls: ["clone", "clone3"], action: .allow))
        } else {
            rules.append(SeccompRule(syscalls: ["clone"], action: .allow, conditions: [
                SeccompCondition(index: 0, value: cloneNamespaceFlags, valueTwo: 0, op: .maskedEqual),
            ]))
            // clone3 passes its flags in memory seccomp cannot read: ENOSYS makes libc fall back to clone.
            rules.append(SeccompRule(syscalls: ["clone3"], action: .errno(UInt32(ENOSYS))))
        }
        return SeccompProfile(defaultAction: .errno(UInt32(EPERM)), architectures: seccompArchitectures,
                              rules: rules)
    }
}
