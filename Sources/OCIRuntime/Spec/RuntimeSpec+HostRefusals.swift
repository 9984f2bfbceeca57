import NamespaceCore

extension RuntimeSpec {
    /// Settings the host cannot honour, each naming the setting and why. runc and crun refuse
    /// these too (HOST-NOTES): a benchmark that silently ran without them would report a
    /// container that was not the one asked for.
    public func hostRefusals(on host: any HostSupport) -> [SpecProblem] {
        securityRefusals(on: host) + cgroupRefusals(on: host) + hugepageRefusals(on: host) + rdtRefusals(on: host)
    }

    /// Throws the refusals as one error, like `validate`.
    public func refuseWhatTheHostCannotHonour(on host: any HostSupport = CurrentHostSupport()) throws(CoreError) {
        let found = hostRefusals(on: host)
        guard !found.isEmpty else { return }
        let lines = found.map(\.description)
        let detail = lines.count == 1 ? lines[0] : "\(lines.count) settings:\n  " + lines.joined(separator: "\n  ")
        throw CoreError(stage: "create", detail: detail)
    }

    private func securityRefusals(on host: any HostSupport) -> [SpecProblem] {
        let asked: [(path: String, module: String)] = [
            process?.apparmorProfile.map { _ in ("process.apparmorProfile", "apparmor") },
            process?.selinuxLabel.map { _ in ("process.selinuxLabel", "selinux") },
            linux?.mountLabel.map { _ in ("linux.mountLabel", "selinux") },
        ].compactMap { $0 }.filter { !$0.path.isEmpty }
        guard !asked.isEmpty else { return [] }
        let active = host.securityModules()
        return asked.map { setting in
            let reason = active.contains(setting.module)
                ? "cannot be honoured: cbench-oci does not apply \(setting.module) policy; drop the setting or use runc"
                : "cannot be honoured: \(setting.module) is not active on this host (/sys/kernel/security/lsm lists \(active.isEmpty ? "no confining module" : active.joined(separator: ","))); drop the setting"
            return SpecProblem(setting.path, reason)
        }
    }

    private func cgroupRefusals(on host: any HostSupport) -> [SpecProblem] {
        guard let resources = linux?.resources else { return [] }
        var asked: [(path: String, controller: String?)] = []
        if resources.network?.classID != nil { asked.append(("linux.resources.network.classID", "net_cls")) }
        if !(resources.network?.priorities ?? []).isEmpty { asked.append(("linux.resources.network.priorities", "net_prio")) }
        if resources.memory?.kernel != nil { asked.append(("linux.resources.memory.kernel", nil)) }
        if resources.cpu?.realtimeRuntime != nil { asked.append(("linux.resources.cpu.realtimeRuntime", nil)) }
        if resources.cpu?.realtimePeriod != nil { asked.append(("linux.resources.cpu.realtimePeriod", nil)) }
        // v1-only memory files: cgroup v2 has no equivalent file to write them to.
        let v1Only: [(String, Bool)] = [("swappiness", resources.memory?.swappiness != nil),
                                        ("disableOOMKiller", resources.memory?.disableOOMKiller == true),
                                        ("kernelTCP", resources.memory?.kernelTCP != nil)]
        if v1Only.contains(where: \.1), host.cgroupLayout()?.mode == .v2 {
            for (name, set) in v1Only where set { asked.append(("linux.resources.memory.\(name)", "v1 memory")) }
        }
        if let blockIO = resources.blockIO {
            let throttles = [blockIO.weightDevice, blockIO.throttleReadBpsDevice, blockIO.throttleWriteBpsDevice,
                             blockIO.throttleReadIOPSDevice, blockIO.throttleWriteIOPSDevice]
            if (blockIO.leafWeight ?? 0) != 0 || throttles.contains(where: { !($0 ?? []).isEmpty }) {
                asked.append(("linux.resources.blockIO", nil))
            }
        }
        guard !asked.isEmpty else { return [] }
        let layout = host.cgroupLayout()
        return asked.map { setting in
            switch setting.controller {
            case "v1 memory"?:
                return SpecProblem(setting.path, "cannot be honoured: cgroup v2 has no such memory control (only v1's memory controller has it); drop the setting")
            case let controller?:
                return SpecProblem(setting.path, Self.controllerReason(controller, layout: layout))
            case nil where setting.path.hasSuffix("kernel"):
                // Linux 5.4 deprecated kmem limits (6.18 here still takes the write); runc warns
                // and ignores them, crun ignores them silently.
                return SpecProblem(setting.path, "cannot be honoured: kernel memory limits are deprecated (runtime-spec, and Linux since 5.4) and cbench-oci does not apply them, as runc and crun do not; drop the setting")
            case nil where setting.path.contains(".realtime"):
                // runc and crun write cpu.rt_runtime_us; here that fails (EINVAL) unless every
                // ancestor was given a realtime budget first, which neither does.
                return SpecProblem(setting.path, "cannot be honoured: cbench-oci does not apply realtime CPU budgets (cpu.rt_runtime_us, cpu.rt_period_us); drop the setting")
            case nil:
                return SpecProblem(setting.path, "cannot be honoured: cbench-oci applies only blockIO.weight; drop leafWeight, weightDevice and the throttle lists")
            }
        }
    }

    /// Why `controller` is not there; net_cls and net_prio exist on v1 only.
    static func controllerReason(_ controller: String, layout: CgroupLayout?) -> String {
        guard let layout else { return "cannot be honoured: the cgroup layout could not be read from /proc/self/mountinfo" }
        if layout.mode == .v2 {
            return "cannot be honoured: cgroup v2 has no \(controller) controller; drop the setting"
        }
        if layout.v1Hierarchy(for: controller) == nil {
            return "cannot be honoured: the \(controller) cgroup controller is not mounted on this host; mount it (mount -t cgroup -o \(controller) cgroup /sys/fs/cgroup/\(controller)) or drop the setting"
        }
        return "cannot be honoured: cbench-oci does not apply \(controller) limits; drop the setting"
    }

    /// A page size the kernel does not have would name no control file; runc and crun refuse it too.
    private func hugepageRefusals(on host: any HostSupport) -> [SpecProblem] {
        let limits = linux?.resources?.hugepageLimits ?? []
        guard !limits.isEmpty else { return [] }
        let sizes = host.hugepageSizes()
        let offered = sizes.isEmpty ? "none: no hugetlbfs support" : sizes.joined(separator: ", ")
        return limits.enumerated().compactMap { index, entry in
            guard !sizes.contains(entry.pageSize) else { return nil }
            return SpecProblem("linux.resources.hugepageLimits[\(index)].pageSize",
                               "'\(entry.pageSize)' is not a huge page size of this host (it has \(offered)); use one of those")
        }
    }

    private func rdtRefusals(on host: any HostSupport) -> [SpecProblem] {
        guard linux?.intelRdt != nil else { return [] }
        let reason = host.hasResctrl()
            ? "cannot be honoured: cbench-oci does not drive resctrl; drop the setting"
            : "cannot be honoured: Intel RDT is not enabled here (no resctrl at /sys/fs/resctrl); drop the setting"
        return [SpecProblem("linux.intelRdt", reason)]
    }
}
