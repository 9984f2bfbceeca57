import NamespaceCore
import Results

extension DensityRecording {
    static let primingColumns = [
        "superblocks per container", "containers", "superblocks asked", "superblocks made", "children", "seconds", "host superblocks mounted",
        "mark at least (ids)", "empty memory cgroup kB before", "empty memory cgroup kB after", "map kB of the ids made",
        "empty memory cgroup kmalloc-1k before", "empty memory cgroup kmalloc-1k after", "check",
        "stopped by",
    ]

    /// The priming's one row (what each target's sample made, what was held at once, how long
    /// it took, what an empty memory cgroup cost before and after), and its two readings in the
    /// host skew table.
    func recordPriming(_ priming: DensityShrinkerPriming, containers: Int) {
        let counts = priming.superblocksPerContainer.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }
            + priming.assumed.map { "\($0) \(DensityShrinkerMark.assumedSuperblocks) (assumed: not counted)" }
        let burst = priming.burst
        let row: [ResultValue] = [
            .text(counts.joined(separator: ", ")), .number(Double(containers)), Self.number(burst.map { Double($0.asked) }),
            Self.number(burst.map { Double($0.made) }), Self.number(burst.map { Double($0.children) }), Self.number(burst?.seconds), Self.number(priming.hostSuperblocks.map(Double.init)),
            .number(Double(priming.markIds)), Self.number(priming.before?.emptyMemoryCgroupBytes.map { Double($0) / 1024 }),
            Self.number(priming.after?.emptyMemoryCgroupBytes.map { Double($0) / 1024 }),
            Self.number(burst.map { Double(ShrinkerMark.mapBytes(ids: $0.made)) / 1024 }),
            Self.number(priming.before?.emptyMemoryCgroupKmalloc1k.map(Double.init)),
            Self.number(priming.after?.emptyMemoryCgroupKmalloc1k.map(Double.init)), .text(priming.check),
            .text(burst?.failure ?? "–"),
        ]
        session.recorder.table(
            "shrinker mark", title: "The shrinker mark raised before the first ramp", columns: Self.primingColumns, rows: [row],
            note: "Superblocks per container: the superblocks one sample container of each target made (its mountinfo's devices "
                + "that the host's lacks), started and removed before anything was measured; asked: the most of them times the "
                + "ramp's count, with 2% (at least 256) to spare; made at once as tmpfs superblocks that are never mounted "
                + "(fs.mount-max does not apply), held by descriptors in children of their own, each as many as its RLIMIT_NOFILE "
                + "allows, until all are made; then the children exit. "
                + "Each superblock takes a shrinker id, so the mark is at least the superblocks made and those mounted on the host; "
                + "every memory cgroup made afterwards gets a map of that many ids (one kmalloc-1k unit per 64), which the empty "
                + "memory cgroup after the burst shows (check: at least 80% of that map's kmalloc-1k units, or of its bytes in Slab "
                + "where /proc/slabinfo cannot be read).")
        var rows: [[ResultValue]] = []
        for (when, reading) in [("before priming", priming.before), ("after priming", priming.after)] {
            guard let reading else { continue }
            rows.append(Self.skewRow(reading, target: "all targets", when: when, containers: 0))
        }
        if !rows.isEmpty { recordSkewRows(rows) }
    }

    static let primingSummaryColumns = ["shrinker mark primed"]

    static func primingSummary(_ priming: DensityShrinkerPriming?) -> [ResultValue] {
        [.text(priming?.summary ?? "not primed")]
    }
}
