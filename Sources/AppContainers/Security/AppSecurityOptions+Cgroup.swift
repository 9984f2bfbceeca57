import NamespaceCore

extension AppSecurityOptions {
    /// Enforces `cgroupDeviceRules` on a pure cgroup v2 host, where `Cgroup.create` cannot
    /// (v2 has no devices controller and reports `.devices` in `unsupportedOnThisMode`):
    /// loads the device BPF program and attaches it to the container's cgroup2 directory.
    /// Call right after `Cgroup.create` and before the container starts; nothing to undo, the
    /// program goes with the cgroup. On v1 and hybrid hosts the devices controller already
    /// applied the rules and this does nothing.
    public func enforceDeviceRules(on cgroup: Cgroup,
                                   system: any BPFDeviceProgramSystem = RealBPFDeviceProgramSystem()) throws(CoreError) {
        guard cgroup.mode == .v2, let directory = cgroup.unifiedDirectory else { return }
        try CgroupDeviceProgram.attach(rules: cgroupDeviceRules, toCgroupDirectory: directory.path, system: system)
    }
}
