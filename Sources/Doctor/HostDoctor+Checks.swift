import NamespaceCore
import Targets

extension HostDoctor {
    /// Namespace kinds as /proc/self/ns names them; all but `time` are needed by the tests.
    static let requiredNamespaces = ["mnt", "pid", "net", "uts", "ipc", "user", "cgroup"]
    static let optionalNamespaces = ["time"]
    /// Runtimes the integration tests drive; the rest only add columns to comparisons.
    static let requiredTools: Set<String> = ["runc", "crun"]

    public static func evaluate(facts: HostFacts, tools: [ToolCheck], perf: HostPerfEvents?,
                                probes: DoctorProbes) -> [DoctorCheck] {
        var checks = [kernelCheck(facts)]
        checks += namespaceChecks(facts)
        checks.append(probes.userNamespaceWorks
            ? DoctorCheck("user namespaces", .ok, "unshare --user works")
            : DoctorCheck("user namespaces", .fail, "unshare --user true failed",
                          fix: "sysctl -w user.max_user_namespaces=15000 (and kernel.unprivileged_userns_clone=1 where it exists)"))
        checks.append(facts.filesystems.contains("overlay")
            ? DoctorCheck("overlayfs", .ok, "listed in /proc/filesystems")
            : DoctorCheck("overlayfs", .fail, "not in /proc/filesystems", fix: "modprobe overlay"))
        checks.append(cgroupCheck(facts.cgroups))
        checks.append(crunHybridCheck(facts.cgroups, crunInstalled: tools.contains { $0.name == "crun" && $0.works }))
        checks.append(facts.seccompAvailable
            ? DoctorCheck("seccomp", .ok, "Seccomp field present in /proc/self/status")
            : DoctorCheck("seccomp", .fail, "the kernel lacks seccomp", fix: "a kernel built with CONFIG_SECCOMP_FILTER"))
        checks.append(capabilityCheck(facts))
        checks += limitChecks(facts.limits)
        checks.append(subordinateIDCheck(subuid: probes.subuid, subgid: probes.subgid))
        checks += tools.map(toolCheck)
        checks += runtimeQuirkChecks(facts: facts, tools: tools)
        if let criuCheck = criuCheckLine(probes.criuCheckOutput) { checks.append(criuCheck) }
        if let pipeLimit = probes.pipeLimit { checks.append(pipeLimitCheck(pipeLimit)) }
        if let skew = probes.memorySkew { checks += memorySkewChecks(skew) }
        checks += perfChecks(perf)
        checks.append(probes.busyboxPresent
            ? DoctorCheck("busybox rootfs", .ok, probes.busyboxRootfs)
            : DoctorCheck("busybox rootfs", .fail, "\(probes.busyboxRootfs)/bin/busybox missing", fix: "make setup"))
        checks.append(probes.probePath.map { DoctorCheck("probe binary", .ok, $0) }
            ?? DoctorCheck("probe binary", .warn, "no static cbench-probe (CBENCH_PROBE, beside cbench, .build/cbench-probe)",
                           fix: "make build"))
        return checks
    }

    /// The major and minor of a release such as `6.18.44-fc-v857`.
    static func kernelVersion(_ release: String) -> (major: Int, minor: Int)? {
        let parts = release.split(whereSeparator: { !$0.isNumber }).prefix(2).compactMap { Int($0) }
        return parts.count == 2 ? (parts[0], parts[1]) : nil
    }

    static func kernelCheck(_ facts: HostFacts) -> DoctorCheck {
        let release = facts.kernelRelease ?? "unknown"
        let detail = "Linux \(release)" + (facts.distribution.map { " (\($0))" } ?? "")
        guard let version = kernelVersion(release) else {
            return DoctorCheck("kernel", .warn, detail + ": version not readable")
        }
        // mount_setattr and the new mount API the core uses arrived in 5.12.
        if version.major < 5 || (version.major == 5 && version.minor < 12) {
            return DoctorCheck("kernel", .warn, detail + ": older than 5.12, mount_setattr is missing",
                               fix: "use a 5.12 or newer kernel")
        }
        return DoctorCheck("kernel", .ok, detail)
    }

    static func namespaceChecks(_ facts: HostFacts) -> [DoctorCheck] {
        (requiredNamespaces + optionalNamespaces).map { kind in
            if facts.namespaces.contains(kind) {
                return DoctorCheck("namespace \(kind)", .ok, "/proc/self/ns/\(kind)")
            }
            let required = requiredNamespaces.contains(kind)
            return DoctorCheck("namespace \(kind)", required ? .fail : .warn, "/proc/self/ns/\(kind) missing",
                               fix: "a kernel with CONFIG_\(kind.uppercased())_NS")
        }
    }

    static func cgroupCheck(_ layout: HostCgroupLayout) -> DoctorCheck {
        guard layout.mode != .none else {
            return DoctorCheck("cgroups", .fail, "no cgroup file system mounted",
                               fix: "mount -t cgroup2 none /sys/fs/cgroup")
        }
        let places = layout.hierarchies.map { hierarchy in
            let controllers = hierarchy.controllers.isEmpty ? "no controllers" : hierarchy.controllers.joined(separator: ",")
            return "v\(hierarchy.version) \(hierarchy.mountPoint) [\(controllers)]"
        }
        return DoctorCheck("cgroups", .ok, "\(layout.mode.rawValue): " + places.joined(separator: "; "))
    }

    static func crunHybridCheck(_ layout: HostCgroupLayout, crunInstalled: Bool) -> DoctorCheck {
        let held = layout.hybridControllersInV2
        guard layout.mode == .hybrid else {
            return DoctorCheck("crun cgroup mode", .ok, "not a hybrid host")
        }
        guard !held.isEmpty else {
            return DoctorCheck("crun cgroup mode", .ok, "hybrid, and the cgroup2 hierarchy holds no controller")
        }
        let fix = held == ["hugetlb"]
            ? "make setup (binds hugetlb to v1: mkdir -p /sys/fs/cgroup/hugetlb && mount -t cgroup -o hugetlb cgroup /sys/fs/cgroup/hugetlb)"
            : "bind \(held.joined(separator: ",")) to v1 hierarchies so cgroup2 holds none"
        return DoctorCheck("crun cgroup mode", crunInstalled ? .fail : .warn,
                           "cgroup2 holds \(held.joined(separator: ",")); crun refuses hybrid hosts like this",
                           fix: fix)
    }

    static func capabilityCheck(_ facts: HostFacts) -> DoctorCheck {
        let hard = facts.limits.openFiles?.hard.map(String.init) ?? "unlimited"
        switch facts.hasCapSysResource {
        case true?:
            return DoctorCheck("CAP_SYS_RESOURCE", .ok, "present: hard limits can be raised")
        case false?:
            return DoctorCheck("CAP_SYS_RESOURCE", .warn,
                               "missing: hard limits cannot be raised, so a runtime asking for RLIMIT_NOFILE above \(hard) fails",
                               fix: "keep container rlimits at or below \(hard) (podman: --ulimit nofile=\(hard):\(hard))")
        case nil:
            return DoctorCheck("CAP_SYS_RESOURCE", .warn, "CapEff not readable in /proc/self/status")
        }
    }

    static func limitChecks(_ limits: HostLimits) -> [DoctorCheck] {
        func line(_ name: String, _ value: Int?, _ sysctl: String) -> DoctorCheck {
            value.map { DoctorCheck(name, .ok, String($0)) }
                ?? DoctorCheck(name, .warn, "not readable", fix: "sysctl \(sysctl)")
        }
        func rlimit(_ name: String, _ value: HostRlimit?) -> DoctorCheck {
            guard let value else { return DoctorCheck(name, .warn, "not readable in /proc/self/limits") }
            return DoctorCheck(name, .ok, value.hard.map(String.init) ?? "unlimited")
        }
        return [
            pidMaxCheck(limits.pidMax),
            line("kernel.keys.maxkeys", limits.keysMaxKeys, "kernel.keys.maxkeys"),
            inotifyCheck(limits.inotifyMaxUserInstances),
            rlimit("ulimit -Hn", limits.openFiles),
            rlimit("ulimit -Hu", limits.processes),
            densityLimitsCheck(limits),
        ]
    }

    /// Every systemd container without a user namespace holds about five of root's inotify
    /// instances: Debian's default of 128 stops a ramp of them at about 25 (Scripts/setup raises it).
    static func inotifyCheck(_ instances: Int?) -> DoctorCheck {
        let name = "fs.inotify.max_user_instances"
        guard let instances else { return DoctorCheck(name, .warn, "not readable", fix: "sysctl \(name)") }
        guard instances >= 1024 else {
            return DoctorCheck(name, .warn, "\(instances): about five per systemd container, so a density ramp of them stops at about \(instances / 5)",
                               fix: "make setup (sysctl -w \(name)=8192)")
        }
        return DoctorCheck(name, .ok, String(instances))
    }

    /// What Scripts/setup raises kernel.pid_max to: the 64-bit kernel's ceiling.
    static let densityPidMax = 4_194_304

    /// Every task counts against kernel.pid_max, threads too: a cbench-oci or cbench-app
    /// container is one task, but podman keeps a conmon beside each and Docker a
    /// containerd-shim with several threads, so 32768 ends their ramps before 10,000.
    static func pidMaxCheck(_ pidMax: Int?) -> DoctorCheck {
        let name = "kernel.pid_max"
        guard let pidMax else { return DoctorCheck(name, .warn, "not readable", fix: "sysctl \(name)") }
        guard pidMax >= densityPidMax else {
            return DoctorCheck(name, .warn, "\(pidMax): a density ramp meets it at about \(pidMax) tasks, before 10,000 containers on a runtime "
                               + "that keeps a monitor or shim of several tasks beside each (podman, docker)",
                               fix: "make setup (sysctl -w \(name)=\(densityPidMax))")
        }
        return DoctorCheck(name, .ok, String(pidMax))
    }

    /// The rest of what bounds a density run, on one line (results.json records each, and a
    /// density run's "Limits ahead" table says which one a longer ramp meets first).
    static func densityLimitsCheck(_ limits: HostLimits) -> DoctorCheck {
        let shown = HostLimits.densitySysctls.filter { !["kernel.pid_max", "kernel.keys.maxkeys", "fs.inotify.max_user_instances"].contains($0) }
        let values = shown.compactMap { name in limits.sysctls[name].map { "\(name) \($0)" } }
        guard !values.isEmpty else { return DoctorCheck("density limits", .warn, "no sysctl readable under /proc/sys") }
        return DoctorCheck("density limits", .ok, values.joined(separator: ", "))
    }

    /// A `root:START:COUNT` line with at least 65536 ids in both files.
    static func rootRange(in text: String?) -> (start: UInt64, count: UInt64)? {
        for line in (text ?? "").split(separator: "\n") {
            let fields = line.split(separator: ":")
            guard fields.count == 3, fields[0] == "root" || fields[0] == "0",
                  let start = UInt64(fields[1]), let count = UInt64(fields[2]), count >= 65536 else { continue }
            return (start, count)
        }
        return nil
    }

    static func subordinateIDCheck(subuid: String?, subgid: String?) -> DoctorCheck {
        guard let uids = rootRange(in: subuid), rootRange(in: subgid) != nil else {
            return DoctorCheck("subordinate ids", .warn, "no root range of 65536 in /etc/subuid and /etc/subgid (unprivileged LXC needs one)",
                               fix: "make setup (adds root:100000:65536)")
        }
        return DoctorCheck("subordinate ids", .ok, "root:\(uids.start):\(uids.count)")
    }

    static func toolCheck(_ tool: ToolCheck) -> DoctorCheck {
        let name = tool.name
        guard tool.works else {
            let required = requiredTools.contains(name)
            let detail = tool.firstLine.map { "`\(tool.command.joined(separator: " "))` failed: \($0)" } ?? "not installed"
            return DoctorCheck(name, required ? .fail : .warn, detail + (required ? "" : "; comparisons skip it"),
                               fix: name == "criu" ? "make setup" : "apt-get install \(aptPackage(for: name))")
        }
        let version = tool.version ?? "version unknown"
        if name == "criu", let major = tool.version?.split(separator: ".").first.flatMap({ Int($0) }), major < 4 {
            return DoctorCheck(name, .warn, "\(version): criu 3.x fails on recent kernels (vDSO bounds)",
                               fix: "make setup (provisions criu 4 from trixie as /usr/local/sbin/criu)")
        }
        return DoctorCheck(name, .ok, version)
    }

    static func aptPackage(for tool: String) -> String {
        switch tool {
        case "lxc-start": "lxc"
        case "docker", "dockerd": "docker.io"
        case "gnuplot": "gnuplot-nox"
        case "perf": "linux-perf"
        case "unshare": "util-linux"
        case "ip": "iproute2"
        default: tool
        }
    }

    static func criuCheckLine(_ output: String?) -> DoctorCheck? {
        guard let output else { return nil }
        if output.contains("Looks good") {
            return DoctorCheck("criu check", .ok, "Looks good")
        }
        let last = output.split(separator: "\n").last.map { $0.trimmingWhitespace() } ?? "no output"
        return DoctorCheck("criu check", .warn, last, fix: "see `criu check --all`; checkpoint scenarios may fail")
    }

    static func perfChecks(_ perf: HostPerfEvents?) -> [DoctorCheck] {
        guard let perf else {
            return [DoctorCheck("perf events", .warn, "perf stat did not run; counters will be reported as unsupported",
                                fix: "apt-get install linux-perf")]
        }
        let software = HostPerfEvents.softwareEvents.filter(perf.supported.contains)
        let hardware = HostPerfEvents.hardwareEvents.filter(perf.supported.contains)
        let missingSoftware = HostPerfEvents.softwareEvents.filter { !perf.supported.contains($0) }
        let missingHardware = HostPerfEvents.hardwareEvents.filter { !perf.supported.contains($0) }
        return [
            missingSoftware.isEmpty
                ? DoctorCheck("perf software events", .ok, software.joined(separator: ", "))
                : DoctorCheck("perf software events", .warn, "unsupported: " + missingSoftware.joined(separator: ", "),
                              fix: "sysctl kernel.perf_event_paranoid=1"),
            missingHardware.isEmpty
                ? DoctorCheck("perf hardware events", .ok, hardware.joined(separator: ", "))
                : DoctorCheck("perf hardware events", .warn,
                              "unsupported here: " + missingHardware.joined(separator: ", ") + " (results report them as unsupported)"),
        ]
    }
}
