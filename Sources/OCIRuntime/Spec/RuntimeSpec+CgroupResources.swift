import NamespaceCore

extension RuntimeSpec {
    /// The cgroup limits of `linux.resources`: memory limit/reservation/swap, pids, cpu
    /// shares/quota/period/cpus/mems, block I/O weight and device rules. Settings the host
    /// cannot honour are refused before this (`hostRefusals`) or right after the cgroup is
    /// made (`refuseUnenforced`).
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
            devices: configured + alwaysAllowed,
            blkioWeight: resources.blockIO?.effectiveWeight,
            memorySwappiness: resources.memory?.swappiness,
            disableOOMKiller: resources.memory?.disableOOMKiller ?? false,
            kernelTCPLimit: resources.memory?.kernelTCP,
            hugepageLimits: (resources.hugepageLimits ?? []).map { CgroupHugepageLimit(pageSize: $0.pageSize, limit: $0.limit) })
    }

    /// The cgroup controls this config asks for that must not be dropped when the host lacks
    /// their file, with the setting that asked (a missing memsw stays a tolerated gap, as in runc).
    public func requiredCgroupFeatures() -> [(feature: CgroupFeature, setting: String)] {
        var required: [(CgroupFeature, String)] = []
        let resources = linux?.resources
        if resources?.blockIO?.effectiveWeight != nil { required.append((.blkioWeight, "linux.resources.blockIO.weight")) }
        if resources?.memory?.swappiness != nil { required.append((.memorySwappiness, "linux.resources.memory.swappiness")) }
        if resources?.memory?.disableOOMKiller == true { required.append((.oomKillDisable, "linux.resources.memory.disableOOMKiller")) }
        if resources?.memory?.kernelTCP != nil { required.append((.kernelTCP, "linux.resources.memory.kernelTCP")) }
        if !(resources?.hugepageLimits ?? []).isEmpty { required.append((.hugetlb, "linux.resources.hugepageLimits")) }
        return required
    }

    /// Throws when `cgroup` could not enforce a required control: the host lacks its file.
    public func refuseUnenforced(in cgroup: Cgroup) throws(CoreError) {
        let missing = requiredCgroupFeatures().filter { cgroup.unsupportedOnThisMode.contains($0.feature) }
        guard !missing.isEmpty else { return }
        let lines = missing.map { "\($0.setting) cannot be honoured: \(Self.missingFileReason($0.feature, mode: cgroup.mode)); drop the setting" }
        throw CoreError(stage: "create", detail: lines.joined(separator: "; "))
    }

    static func missingFileReason(_ feature: CgroupFeature, mode: CgroupMode) -> String {
        switch feature {
        case .blkioWeight:
            return mode == .v2 ? "this host's cgroup has neither io.weight nor io.bfq.weight (no io controller or no weight-aware I/O scheduler)"
                : "this host's blkio cgroup has neither blkio.weight nor blkio.bfq.weight (no weight-aware I/O scheduler)"
        case .memorySwappiness, .oomKillDisable, .kernelTCP:
            let file = feature == .memorySwappiness ? "memory.swappiness" : feature == .oomKillDisable ? "memory.oom_control" : "memory.kmem.tcp.limit_in_bytes"
            return mode == .v2 ? "cgroup v2 has no \(file)" : "this host's memory cgroup has no \(file)"
        case .hugetlb:
            return mode == .v2 ? "this host's cgroup2 tree does not offer the hugetlb controller, or lacks a listed page size"
                : "this host has no v1 hugetlb hierarchy (mkdir -p /sys/fs/cgroup/hugetlb && mount -t cgroup -o hugetlb cgroup /sys/fs/cgroup/hugetlb, as make setup does), or it lacks a listed page size"
        default:
            return "this host's cgroup lacks the control file for \(feature.rawValue)"
        }
    }
}
