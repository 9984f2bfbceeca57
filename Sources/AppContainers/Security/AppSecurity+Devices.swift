import NamespaceCore

extension AppSecurity {
    /// Docker's device cgroup allowlist, in order: deny everything, then mknod of any node
    /// (creating one is harmless without access), the standard /dev nodes, the terminal
    /// devices, the pseudo-terminals and /dev/net/tun.
    public static let cgroupDeviceRules: [CgroupDeviceRule] =
        [CgroupDeviceRule(allow: false, kind: .all, access: "rwm")]
        + CgroupDeviceRule.standardContainerDevices
        + [CgroupDeviceRule(allow: true, kind: .char, major: 10, minor: 200)]  // net/tun

    /// A privileged container may use every device.
    public static let privilegedCgroupDeviceRules: [CgroupDeviceRule] = [
        CgroupDeviceRule(allow: true, kind: .all, access: "rwm"),
    ]
}
