#if canImport(Glibc)
import Glibc
#endif

/// What skews MB per container and start latency on a host, read at the start and end of a
/// density ramp and by `cbench doctor`: the DAMON kdamonds that run, the memory cgroups the
/// kernel holds (live and removed but not yet freed) and what one empty memory cgroup costs
/// right now (`EmptyMemoryCgroupProbe`).
public struct HostMemorySkew: Sendable, Equatable, Codable {
    public var kdamonds: [DamonKdamond]
    public var memoryCgroups: MemoryCgroupCensus?
    /// Slab per empty memory cgroup made now; nil when not measured (not root, no memory hierarchy).
    public var emptyMemoryCgroupBytes: Int64?
    /// kmalloc-1k objects per empty memory cgroup made now: its shrinker map's units, one per
    /// 64 ids of the host's mark; nil when not read.
    public var emptyMemoryCgroupKmalloc1k: Int64?

    public init(kdamonds: [DamonKdamond] = [], memoryCgroups: MemoryCgroupCensus? = nil, emptyMemoryCgroupBytes: Int64? = nil,
                emptyMemoryCgroupKmalloc1k: Int64? = nil) {
        self.kdamonds = kdamonds
        self.memoryCgroups = memoryCgroups
        self.emptyMemoryCgroupBytes = emptyMemoryCgroupBytes
        self.emptyMemoryCgroupKmalloc1k = emptyMemoryCgroupKmalloc1k
    }

    /// The shrinker mark an empty memory cgroup's kmalloc-1k objects show (64 ids each).
    public var markReadIds: Int64? { emptyMemoryCgroupKmalloc1k.map { $0 * Int64(ShrinkerMark.idsPerUnit) } }

    public var runningKdamonds: [DamonKdamond] { kdamonds.filter(\.isRunning) }

    /// CPU seconds of the running kdamonds together; nil when none runs or none could be read.
    public var kdamondCPUSeconds: Double? {
        let seconds = runningKdamonds.compactMap(\.cpuSeconds)
        return seconds.isEmpty ? nil : seconds.reduce(0, +)
    }

    /// `none`, or each running kdamond's summary.
    public var kdamondSummary: String {
        let running = runningKdamonds
        return running.isEmpty ? "none" : running.map(\.summary).joined(separator: "; ")
    }

    /// Reads `root`; `probe` (root only, it makes cgroups) measures the empty cgroup's cost.
    public static func read(from root: HostRoot, memoryMountPoint: String?, probe: EmptyMemoryCgroupProbe?) -> HostMemorySkew {
        let reading = probe?.measureReading()
        return HostMemorySkew(kdamonds: DamonKdamond.readAll(from: root),
                              memoryCgroups: memoryMountPoint.flatMap { MemoryCgroupCensus.read(from: root, memoryMountPoint: $0) },
                              emptyMemoryCgroupBytes: reading?.slabBytes, emptyMemoryCgroupKmalloc1k: reading?.kmalloc1kObjects)
    }

    /// This host, the empty cgroup measured when running as root.
    public static func readHost() -> HostMemorySkew {
        let mountPoint = (try? CgroupHost.current()).flatMap { host in
            (host.layout.v1Hierarchy(for: "memory") ?? host.layout.unified)?.mountPoint
        }
        let probe = getuid() == 0 ? mountPoint.map(EmptyMemoryCgroupProbe.real(memoryMountPoint:)) : nil
        return read(from: .system, memoryMountPoint: mountPoint, probe: probe)
    }
}

extension HostCgroupLayout {
    /// The memory controller's hierarchy: its v1 mount, else the cgroup2 tree.
    public var memoryMountPoint: String? {
        (hierarchies.first { $0.version == 1 && $0.controllers.contains("memory") } ?? hierarchies.first { $0.version == 2 })?.mountPoint
    }
}
