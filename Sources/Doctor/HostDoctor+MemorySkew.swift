#if canImport(Glibc)
import Glibc
#endif
import NamespaceCore

extension HostDoctor {
    /// The host's memory skew; the empty memory cgroup is measured only on the real host as
    /// root (it makes and removes cgroups).
    func memorySkew(facts: HostFacts) -> HostMemorySkew {
        let mountPoint = facts.cgroups.memoryMountPoint
        let probe = root == .system && getuid() == 0 ? mountPoint.map(EmptyMemoryCgroupProbe.real(memoryMountPoint:)) : nil
        return HostMemorySkew.read(from: root, memoryMountPoint: mountPoint, probe: probe)
    }

    /// Removed memory cgroups past this many are worth freeing before a density run.
    static let removedMemoryCgroupsWarning = 1000

    /// What skews density and start-up figures here: a running DAMON kdamond (read only; not
    /// ours to change), and the memory cgroups the kernel holds with what an empty one costs.
    static func memorySkewChecks(_ skew: HostMemorySkew) -> [DoctorCheck] {
        let damon = skew.runningKdamonds.isEmpty
            ? DoctorCheck("DAMON", .ok, "no kdamond runs (\(DamonKdamond.adminDirectory))")
            : DoctorCheck("DAMON", .warn, skew.kdamondSummary + ": it checks sampled pages through every mapping they have, so its "
                              + "cost grows with the containers that map the same binary; density and start-up figures taken with it "
                              + "are not comparable with a host without",
                          fix: "compare runs with the same kdamonds only (density records them per ramp); it is the host's, leave it")
        guard let census = skew.memoryCgroups else {
            return [damon, DoctorCheck("memory cgroups", .warn, "/proc/cgroups or the memory hierarchy not readable")]
        }
        let cost = skew.emptyMemoryCgroupBytes.map { "an empty one costs \(DamonKdamond.tenths(Double($0) / 1024)) kB of slab now" }
            ?? "an empty one's cost not measured (root only)"
        let detail = "\(census.liveDirectories) live, \(census.removedNotFreed) removed but not yet freed; \(cost) "
            + "(its shrinker map, sized by the highest shrinker id since boot: what every container's memory cgroup pays)"
        guard census.removedNotFreed <= removedMemoryCgroupsWarning else {
            return [damon, DoctorCheck("memory cgroups", .warn, detail,
                                       fix: "sync; echo 1 > /proc/sys/vm/drop_caches (frees those held by page cache) before a density run")]
        }
        return [damon, DoctorCheck("memory cgroups", .ok, detail)]
    }
}
