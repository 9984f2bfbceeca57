import NamespaceCore
import Results

extension DensityRecording {
    static let skewColumns = [
        "target", "when", "containers", "DAMON kdamonds running", "kdamond CPU s so far", "memory cgroups (kernel)",
        "memory cgroup directories", "removed memory cgroups not freed", "empty memory cgroup kB", "empty memory cgroup kmalloc-1k",
    ]

    /// The host's skew at the ramp's start and end, one row each: which kdamonds ran, the
    /// memory cgroups the kernel held, and what an empty memory cgroup cost (the shrinker map
    /// each container's own cgroup paid then).
    func recordSkew(_ skew: DensitySkew, reached: Int, target: String) {
        var rows: [[ResultValue]] = []
        for (when, containers, reading) in [("ramp start", 0, skew.start), ("ramp end", reached, skew.end)] {
            guard let reading else { continue }
            rows.append(Self.skewRow(reading, target: target, when: when, containers: containers))
        }
        guard !rows.isEmpty else { return }
        recordSkewRows(rows)
    }

    static func skewRow(_ reading: HostMemorySkew, target: String, when: String, containers: Int) -> [ResultValue] {
        let census = reading.memoryCgroups
        return [.text(target), .text(when), .number(Double(containers)), .text(reading.kdamondSummary),
                number(reading.kdamondCPUSeconds), number(census.map { Double($0.kernelCount) }),
                number(census.map { Double($0.liveDirectories) }), number(census.map { Double($0.removedNotFreed) }),
                number(reading.emptyMemoryCgroupBytes.map { Double($0) / 1024 }), number(reading.emptyMemoryCgroupKmalloc1k.map(Double.init))]
    }

    func recordSkewRows(_ rows: [[ResultValue]]) {
        session.recorder.table(
            "host skew", title: "What skewed MB per container and start latency, at each ramp's start and end", columns: Self.skewColumns,
            rows: rows,
            note: "DAMON kdamonds from /sys/kernel/mm/damon/admin (read only; their CPU time from /proc/PID/stat); memory cgroups: "
                + "/proc/cgroups' num_cgroups (removed ones the kernel has not freed included) against the memory hierarchy's "
                + "directories; empty memory cgroup: the Slab change per empty memory cgroup made then (and removed at once), "
                + "mostly the shrinker map every memory cgroup gets, sized by the highest shrinker id since boot: what each "
                + "container's own cgroup paid for it then, and its kmalloc-1k objects (/proc/slabinfo: one per 64 ids of the mark, "
                + "which Slab can hide while the cache has partly free pages). Rows of all targets: before and after the shrinker mark was primed.")
    }

    /// The summary's columns from the skew: the empty memory cgroup at the ramp's start and
    /// end (in kB) and the kdamonds' CPU seconds in between.
    static let skewSummaryColumns = ["empty memory cgroup kB at start", "empty memory cgroup kB at end", "kdamond CPU s during ramp"]

    static func skewSummary(_ skew: DensitySkew) -> [ResultValue] {
        let cpu = skew.end?.kdamondCPUSeconds.flatMap { end in skew.start?.kdamondCPUSeconds.map { end - $0 } }
        return [number(skew.start?.emptyMemoryCgroupBytes.map { Double($0) / 1024 }),
                number(skew.end?.emptyMemoryCgroupBytes.map { Double($0) / 1024 }), number(cpu)]
    }

    static func number(_ value: Double?) -> ResultValue { value.map(ResultValue.number) ?? .text("–") }
}
