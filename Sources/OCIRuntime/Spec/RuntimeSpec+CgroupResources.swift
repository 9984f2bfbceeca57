import NamespaceCore

extension RuntimeSpec {
    /// The cgroup limits of `linux.resources`: memory limit/reservation/swap, pids, cpu
    /// shares/quota/period/cpus/mems and device rules. Other resource fields (kernel memory,
    /// swappiness, realtime, block I/O, hugepages, network, unified) are not applied.
    /// After the config's device rules come the standard devices and `linux.devices`, which
    /// every container may use (runc does the same), so a deny-all rule still leaves /dev working.
    public func cgroupResources() throws(CoreError) -> CgroupResources {
        let nodeRules = (linux?.devices ?? []).compactMap { device -> CgroupDeviceRule? in
            guard let kind = CgroupDeviceRule.Kind(rawValue: device.type == "u" ? "c" : device.type) else { return nil }
            return CgroupDeviceRule(allow: true, kind: kind, major: device.major, minor: device.minor)
        }
        let alwaysAllowed = CgroupDeviceRule.standardContainerDevices + nodeRules
        guard let resources = linux?.resources else { return CgroupResources(devices: alwaysAllowed) }
        let configured = try (resources.devices ?? []).enumerated().map { index, rule throws(CoreError) in
            let typeText = rule.type ?? "a"
            guard let kind = CgroupDeviceRule.Kind(rawValue: typeText) else {
                throw CoreError(stage: "convert config.json", detail: "linux.resources.devices[\(index)].type '\(typeText)' is not one of a, c, b")
            }
            return CgroupDeviceRule(allow: rule.allow, kind: kind, major: rule.major, minor: rule.minor,
                                    access: rule.access ?? "rwm")
        }
        return CgroupResources(
            memoryLimit: resources.memory?.limit,
            memoryReservation: resources.memory?.reservation,
            memorySwapLimit: resources.memory?.swap,
            pidsLimit: resources.pids?.limit,
            cpuShares: resources.cpu?.shares,
            cpuQuota: resources.cpu?.quota,
            cpuPeriod: resources.cpu?.period,
            cpusetCpus: resources.cpu?.cpus,
            cpusetMems: resources.cpu?.mems,
            devices: configured + alwaysAllowed)
    }
}
