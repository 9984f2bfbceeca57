import Foundation
import Glibc
import NamespaceCore
import Targets

/// The host as /proc and the cgroups show it.
public struct ProcDensityHost: DensityHost {
    public init() {}

    public func memAvailableBytes() -> UInt64? { HostMemoryInfo.read().memAvailable }

    public func sUnreclaimBytes() -> UInt64 { HostMemoryInfo.read()["SUnreclaim"] ?? 0 }

    public func memorySkew() -> HostMemorySkew? { HostMemorySkew.readHost() }

    public func containerSuperblocks(_ container: PreparedContainer, target: any DensityTarget) -> Int? {
        (try? target.idleInitPid(container)).flatMap { SuperblockCensus.newSuperblocks(ofProcess: $0) }
    }

    public func hostSuperblocks() -> Int? { SuperblockCensus.mountedOnHost() }

    public func primeShrinkerMark(superblocks: Int) -> SuperblockBurst? {
        getuid() == 0 ? ShrinkerMarkPrimer.real.prime(superblocks: superblocks) : nil
    }

    public func kernelFloor(starts count: Int) -> [KernelFloorStart]? {
        KernelFloorProbe.real()?.measure(starts: count)
    }

    /// /proc/cgroups' num_cgroups of the memory controller: the kernel counts a removed cgroup
    /// until it frees it.
    public func memoryCgroupCount() -> Int? {
        (try? String(contentsOfFile: "/proc/cgroups", encoding: .utf8)).flatMap(MemoryCgroupCensus.kernelCount(in:))
    }

    public func snapshot(helpers: DensityHelpers, excluding: Set<Int32>, cgroups: [String]) -> HostSnapshot {
        let memory = HostMemoryInfo.read()
        var helperUsage = ProcessUsage()
        var sharedUsage = ProcessUsage()
        for (pid, command) in Self.processCommands() {
            let perContainer = helpers.perContainer.contains(command) && !excluding.contains(pid)
            guard perContainer || helpers.shared.contains(command), let (rss, pss) = Self.residentAndProportional(pid) else { continue }
            if perContainer {
                helperUsage.count += 1
                helperUsage.rssBytes += rss
                helperUsage.pssBytes += pss
            } else {
                sharedUsage.count += 1
                sharedUsage.rssBytes += rss
                sharedUsage.pssBytes += pss
            }
        }
        let load = Self.text("/proc/loadavg").split(separator: " ")
        let tasks = load.count > 3 ? load[3].split(separator: "/").last.flatMap { Int($0) } ?? 0 : 0
        let openFiles = Self.text("/proc/sys/fs/file-nr").split(whereSeparator: { $0 == "\t" || $0 == " " }).first.flatMap { Int($0) } ?? 0
        return HostSnapshot(
            memAvailable: memory["MemAvailable"] ?? 0, slab: memory["Slab"] ?? 0, sUnreclaim: memory["SUnreclaim"] ?? 0,
            kernelStack: memory["KernelStack"] ?? 0, pageTables: memory["PageTables"] ?? 0,
            percpu: memory["Percpu"] ?? 0,
            cgroupMemory: Self.cgroupMemory(cgroups), helpers: helperUsage, sharedDaemons: sharedUsage,
            tasks: tasks, openFiles: openFiles, keys: Self.ownKeys(), inotifyInstances: inotifyInstances(),
            runnerDescriptors: ((try? FileIO.names(in: "/proc/self/fd")) ?? []).count)
    }

    public func processes(named names: Set<String>) -> Set<Int32> {
        Set(Self.processCommands().filter { names.contains($0.command) }.map(\.pid))
    }

    public func existingCgroups(_ paths: [String]) -> Int {
        guard let host = try? CgroupHost.current() else { return 0 }
        return paths.filter { path in
            host.layout.allHierarchies.contains { access($0.mountPoint + "/" + path, F_OK) == 0 }
        }.count
    }

    public func childProcesses() -> Set<Int32> {
        let me = getpid()
        return Set(((try? FileIO.names(in: "/proc")) ?? []).compactMap { entry in
            guard let pid = Int32(entry), let stat = HostProcessStat.read(pid: pid), stat.parentPid == me else { return nil }
            return pid
        })
    }

    public func reapExitedHelpers(_ helpers: DensityHelpers) -> Int { DensityReaping.reapExitedHelpers(helpers) }

    public func limits() -> [HostLimit] {
        let facts = HostFacts.read().limits
        var limits = HostLimits.densitySysctls.compactMap { name in
            facts.sysctls[name].map { HostLimit(name: name, value: $0, source: .sysctl) }
        }
        func text(_ value: UInt64?) -> String { value.map(String.init) ?? "unlimited" }
        for (name, limit) in [("nofile", facts.openFiles), ("nproc", facts.processes)] {
            guard let limit else { continue }
            limits.append(HostLimit(name: name, value: "\(text(limit.soft))/\(text(limit.hard))", source: .rlimit))
        }
        if let pidsMax = Self.ownPidsLimit() { limits.append(HostLimit(name: "pids.max", value: pidsMax, source: .cgroup)) }
        return limits
    }

    public func inotifyInstances() -> Int? {
        let uid = getuid()
        var count = 0
        for (pid, _) in Self.processCommands() {
            var info = stat()
            guard stat("/proc/\(pid)", &info) == 0, info.st_uid == uid,
                  let descriptors = try? FileIO.names(in: "/proc/\(pid)/fd") else { continue }
            for descriptor in descriptors where Self.link("/proc/\(pid)/fd/\(descriptor)") == "anon_inode:inotify" { count += 1 }
        }
        return count
    }

    /// The keys this user owns: `UID: USAGE NKEYS/NIKEYS QNKEYS/MAXKEYS QNBYTES/MAXBYTES`
    /// of /proc/key-users, QNKEYS being what the key quota counts.
    static func ownKeys() -> Int? {
        keys(of: getuid(), in: text("/proc/key-users"))
    }

    static func keys(of uid: uid_t, in text: String) -> Int? {
        for line in text.split(separator: "\n") {
            let fields = line.split(separator: " ", omittingEmptySubsequences: true)
            guard fields.count >= 4, fields[0] == "\(uid):" else { continue }
            return fields[3].split(separator: "/").first.flatMap { Int($0) }
        }
        return nil
    }

    static func link(_ path: String) -> String? {
        var buffer = [CChar](repeating: 0, count: 64)
        let count = readlink(path, &buffer, buffer.count - 1)
        guard count > 0 else { return nil }
        return String(decoding: buffer[0..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// Every process and its command name (/proc/PID/comm through stat).
    static func processCommands() -> [(pid: Int32, command: String)] {
        ((try? FileIO.names(in: "/proc")) ?? []).compactMap { entry in
            guard let pid = Int32(entry), let stat = HostProcessStat.read(pid: pid), stat.state != "Z" else { return nil }
            return (pid, stat.command)
        }
    }

    /// `Rss:` and `Pss:` of /proc/PID/smaps_rollup, in bytes.
    static func residentAndProportional(_ pid: Int32) -> (UInt64, UInt64)? {
        var rss: UInt64?
        var pss: UInt64?
        for line in text("/proc/\(pid)/smaps_rollup").split(separator: "\n") {
            let fields = line.split(separator: " ", omittingEmptySubsequences: true)
            guard fields.count >= 2, let kib = UInt64(fields[1]) else { continue }
            if fields[0] == "Rss:" { rss = kib * 1024 }
            if fields[0] == "Pss:" { pss = kib * 1024 }
        }
        guard let rss, let pss else { return nil }
        return (rss, pss)
    }

    /// The memory charged to the cgroups (v1 memory.usage_in_bytes, v2 memory.current).
    static func cgroupMemory(_ paths: [String]) -> UInt64? {
        guard !paths.isEmpty, let host = try? CgroupHost.current() else { return nil }
        var total: UInt64 = 0
        var counted = 0
        for path in paths {
            guard let usage = (try? Cgroup.open(path: path, host: host))?.stats().memoryUsage else { continue }
            total += usage
            counted += 1
        }
        return counted > 0 ? total : nil
    }

    /// pids.max of this process's own pids cgroup: an EAGAIN from fork there names it.
    static func ownPidsLimit() -> String? {
        guard let host = try? CgroupHost.current() else { return nil }
        for line in text("/proc/self/cgroup").split(separator: "\n") {
            let fields = line.split(separator: ":", maxSplits: 2, omittingEmptySubsequences: false)
            guard fields.count == 3 else { continue }
            let isPids = fields[1].split(separator: ",").contains("pids") || (host.mode == .v2 && fields[0] == "0")
            guard isPids, let mountPoint = (host.layout.v1Hierarchy(for: "pids") ?? host.layout.unified)?.mountPoint else { continue }
            let value = text(mountPoint + fields[2] + "/pids.max").trimmingCharacters(in: .whitespacesAndNewlines)
            return value.isEmpty ? nil : value
        }
        return nil
    }

    static func text(_ path: String) -> String {
        (try? FileIO.read(path, limit: 1 << 20)).map { String(decoding: $0, as: UTF8.self) } ?? ""
    }
}
