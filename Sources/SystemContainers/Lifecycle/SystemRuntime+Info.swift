import NamespaceCore

/// What `cbench system info` shows.
public struct SystemContainerInfo: Sendable, Equatable {
    public var name: String
    public var state: SystemContainerState
    public var pid: Int32?
    public var booted: Bool
    public var template: String?
    public var rootfs: String
    public var cgroupPath: String
    public var stats: CgroupStats?
    /// IPv4 addresses inside the container, loopback left out.
    public var addresses: [String] = []
    /// What the init holds (bounding = effective = permitted): the caller's bounding set minus
    /// `lxc.cap.drop`, or `lxc.cap.keep`; nil when the config's lists do not parse.
    public var capabilities: [String]?

    /// `key: value` lines, as lxc-info prints them.
    public var lines: [String] {
        var result = ["Name: \(name)", "State: \(state.rawValue)"]
        if let pid { result.append("PID: \(pid)") }
        if state == .running { result.append("Booted: \(booted ? "yes" : "no")") }
        if let template { result.append("Template: \(template)") }
        result.append("Rootfs: \(rootfs)")
        if state == .running { result.append("Cgroup: \(cgroupPath)") }
        result += addresses.map { "IP: \($0)" }
        if let capabilities { result.append("Capabilities: \(capabilities.isEmpty ? "none" : capabilities.joined(separator: " "))") }
        if let stats {
            if let memory = stats.memoryUsage { result.append("Memory use: \(Self.mebibytes(memory))") }
            if let peak = stats.memoryPeak { result.append("Memory peak: \(Self.mebibytes(peak))") }
            if let cpu = stats.cpuUsageNanoseconds { result.append("CPU use: \(Self.seconds(cpu))") }
            if let pids = stats.pidsCurrent { result.append("Processes: \(pids)") }
        }
        return result
    }

    static func mebibytes(_ bytes: UInt64) -> String {
        let tenths = (bytes * 10 + (1 << 19)) >> 20
        return "\(tenths / 10).\(tenths % 10) MiB"
    }

    static func seconds(_ nanoseconds: UInt64) -> String {
        let milliseconds = nanoseconds / 1_000_000
        let fraction = String(milliseconds % 1000)
        return "\(milliseconds / 1000).\(String(repeating: "0", count: 3 - fraction.count))\(fraction) s"
    }
}

extension SystemRuntime {
    public func info(name: String) throws(CoreError) -> SystemContainerInfo {
        let config = try store.loadConfig(of: name)
        let record = store.runningState(of: name)
        var stats: CgroupStats?
        if let record, let cgroup = try? Cgroup.open(path: record.cgroupPath) { stats = cgroup.stats() }
        var addresses: [String] = []
        if let record, let inside = try? RouteNetlink.inNamespace(ofProcess: record.pid) {
            addresses = ((try? inside.addresses()) ?? []).map(\.address).filter { $0.address.bytes[0] != 127 }.map(\.description)
        }
        return SystemContainerInfo(
            name: name, state: record == nil ? .stopped : .running, pid: record?.pid,
            booted: isBooted(name: name), template: (try? store.loadMetadata(of: name))?.template,
            rootfs: config.rootfsPath ?? store.rootfsPath(of: name),
            cgroupPath: record?.cgroupPath ?? store.cgroupPath(of: name), stats: stats, addresses: addresses,
            capabilities: (try? SystemSecurity.capabilities(drop: config.capDrop, keep: config.capKeep,
                                                           available: SystemSecurity.callerBoundingSet()))?
                .effective.sorted().map(Capability.name(of:)))
    }
}
