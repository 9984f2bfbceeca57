import Glibc
import Results
import Targets

extension DensityRecording {
    /// One row per target of the `density` table, and the stop reason as a note.
    func summarize(target: any DensityTarget, ramp: RampResult, parallel: [Int: Double], priming: DensityShrinkerPriming? = nil) {
        let last = ramp.checkpoints.last
        let count = Double(ramp.reached)
        func perContainer(_ bytes: Double?) -> ResultValue {
            guard let bytes, count > 0 else { return .text("–") }
            return .number(Self.megabytes(bytes / count))
        }
        let drop = last.map { Self.drop($0.snapshot, from: ramp.baseline) }
        let marginal: ResultValue = {
            guard let last, ramp.checkpoints.count >= 2 else { return perContainer(drop) }
            let previous = ramp.checkpoints[ramp.checkpoints.count - 2]
            let added = Self.drop(last.snapshot, from: ramp.baseline) - Self.drop(previous.snapshot, from: ramp.baseline)
            return .number(Self.megabytes(added / Double(last.containers - previous.containers)))
        }()
        func bucket(_ upTo: Int, _ fraction: Double) -> Double? {
            // The checkpoint bucket that ends at `upTo` (or the last one for the maximum).
            guard let index = ramp.checkpoints.firstIndex(where: { $0.containers == upTo }) else { return nil }
            return fraction == 0.5 ? ramp.checkpoints[index].bucketP50 : ramp.checkpoints[index].bucketP90
        }
        let p90AtHundred = bucket(100, 0.9)
        let p90AtMax = last?.bucketP90
        let teardown = ramp.teardown
        let teardownMedian = teardown.flatMap { $0.milliseconds.isEmpty ? nil : Statistics.percentile($0.milliseconds, 0.5) }
        var row: [ResultValue] = [
            .text(target.name), .number(count), .text(ramp.stop.summary), perContainer(drop), marginal,
            perContainer(last.map { Double($0.snapshot.kernelBytes) - Double(ramp.baseline.kernelBytes) }),
            perContainer(last?.snapshot.cgroupMemory.map { Double($0) }), perContainer(last.map { Double($0.snapshot.helpers.rssBytes) }),
            perContainer(last.map { Double($0.snapshot.helpers.pssBytes) }), Self.number(bucket(10, 0.5)), Self.number(bucket(10, 0.9)),
            Self.number(bucket(100, 0.5)), Self.number(p90AtHundred), Self.number(last?.bucketP50), Self.number(p90AtMax),
            Self.number(p90AtHundred.flatMap { hundred in p90AtMax.map { $0 / hundred } }), Self.number(teardownMedian),
            Self.number(teardown?.totalSeconds), Self.number(teardown.map { Self.megabytes(Double($0.memAvailableChangeBytes)) }),
            teardown.map { Self.settled($0.settling, bound: kind.settleSeconds) } ?? .text("–"),
            .text(teardown.map {
                "\($0.leftoverCgroups) cgroups, \($0.leftoverHelpers) helpers, \($0.leftoverProcesses) processes, \($0.notRemoved) not removed"
            } ?? "–"),
            Self.seccompFilter(of: target, asked: kind.container.seccomp),
        ]
        var columns = Self.summaryColumns + Self.skewSummaryColumns
        row += Self.skewSummary(ramp.skew)
        columns += Self.primingSummaryColumns
        row += Self.primingSummary(priming)
        if kind.kernelFloorStarts > 0 {
            columns += Self.floorSummaryColumns
            row += Self.floorSummary(ramp.floor, targetP90AtHundred: p90AtHundred)
        }
        for workers in kind.workers {
            columns.append("containers/s with \(workers) worker\(workers == 1 ? "" : "s")")
            row.append(Self.number(parallel[workers]))
        }
        session.recorder.table(
            "density", title: "Density per target", columns: columns, rows: [row],
            note: "MB per container: MemAvailable drop / containers at the maximum; marginal: over the last checkpoint interval; "
                + "kernel: the change in Slab, kernel stacks, page tables and per-CPU memory / containers (not moved by other "
                + "processes' user memory, unlike MemAvailable). "
                + "Start percentiles per checkpoint bucket (the containers started since the previous checkpoint). "
                + "Empty memory cgroup: the kernel memory one costs at the ramp's start and end (the host skew table). "
                + "Kernel floor: the p90 of bare starts with no runtime (the kernel floor table) at 100 and at the last checkpoint; "
                + "its growth over the 0.5 x the target's p90 at 100 that a 1.5x goal allows (above 1: no runtime could meet it here). "
                + "Shrinker mark: the superblocks held at once before the first ramp (the shrinker mark table), or not primed.")
        recordSkew(ramp.skew, reached: ramp.reached, target: target.name)
        let category: ScenarioNote.Category = ramp.stop.cause == .reachedCount ? .info : .limit
        session.recorder.note(target: target.name, category, "\(ramp.reached) containers: \(ramp.stop.summary)")
        if let last {
            recordHeadroom(DensityHeadroom(baseline: ramp.baseline, last: last.snapshot, containers: last.containers, limits: kind.host.limits(),
                                           memoryFloorBytes: kind.memoryFloorBytes, runsAsRoot: getuid() == 0), target: target.name)
        }
        if let teardown, teardown.leftoverCgroups + teardown.leftoverHelpers + teardown.leftoverProcesses + teardown.notRemoved > 0 {
            session.recorder.note(target: target.name, .warning,
                                  "after teardown: \(teardown.leftoverCgroups) cgroups, \(teardown.leftoverHelpers) helper processes and "
                                      + "\(teardown.leftoverProcesses) processes of the run remain, \(teardown.notRemoved) containers not removed")
        }
        for milliseconds in teardown?.milliseconds ?? [] {
            session.recorder.sample(MetricDefinition(name: Self.teardown, unit: "ms", better: .lower), target: target.name, value: milliseconds)
        }
    }
}

extension DensityRecording {
    /// The filter each container of the ramp carries, in words: none when the scenario asks for
    /// none, else the target's default (a filter per container costs kernel memory, so MB per
    /// container compares like with like only where the filters are alike).
    static func seccompFilter(of target: any DensityTarget, asked: WorkloadSeccomp) -> ResultValue {
        if asked == .disabled { return .text("none (seccomp: none)") }
        guard let measured = target as? any MeasuredWorkloadTarget else { return .text("–") }
        return .text(measured.workloadTraits.defaultFilter ?? "none")
    }

    /// The settling wait's seconds once the host was back; else what it was not, in words.
    static func settled(_ outcome: DensitySettling.Outcome, bound: Double) -> ResultValue {
        if outcome.settled { return .number(outcome.seconds) }
        if let freeing = outcome.kernelFreeing { return .text("after \(String(format: "%g", bound)) s: " + freeing.summary) }
        let why = outcome.unsettled.joined(separator: "; ")
        return .text(outcome.interrupted ? "stopped after \(String(format: "%.1f", outcome.seconds)) s: \(why)"
                                         : "not within \(String(format: "%g", bound)) s: \(why)")
    }

    static let headroomColumns = ["target", "limit", "resource", "in use at the end", "per container", "met at about (containers)"]

    /// Each host limit against what the ramp used of it, and the first one a longer ramp meets.
    func recordHeadroom(_ headroom: DensityHeadroom, target: String) {
        guard !headroom.entries.isEmpty else { return }
        let rows: [[ResultValue]] = headroom.entries.map { entry in
            [.text(target), .text(entry.limit), .text(entry.resource), .number(entry.inUse), .number(entry.perContainer),
             entry.metAt.map { .number(Double($0)) } ?? .text("not used")]
        }
        session.recorder.table(
            "headroom", title: "Limits ahead of each ramp", columns: Self.headroomColumns, rows: rows,
            note: "Per container: the change since before the ramp / containers at its end; met at: that count plus the room left "
                + "/ per container. Tasks count threads (kernel.pid_max and threads-max bound them); file handles are "
                + "/proc/sys/fs/file-nr's; keys and inotify instances the runner's user's; memory against the ramp's MemAvailable floor.")
        session.recorder.note(target: target, .info, headroom.summary)
    }
}
