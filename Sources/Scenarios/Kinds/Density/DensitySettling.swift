import Foundation
import Glibc
import NamespaceCore
import Targets

/// What a teardown waits for before it says whether the host is back where it was:
/// MemAvailable within the noise of the reading before the ramp, no process of the run left
/// (children of the runner, a subreaper, that were not there before the ramp: container
/// inits, daemonized runtime processes, zombies included), none of the containers' cgroups,
/// no per-container helper started since. The kernel frees namespaces and cgroups after the
/// runtime's command returns, so it polls until all hold or `boundSeconds` pass. A wait that
/// times out with something of the run left (processes, cgroups, helpers) is a failed check
/// that names it; one that times out with nothing left but MemAvailable still below is the
/// kernel still freeing what the containers held (memory cgroups it frees late, slab), and is
/// reported as that, with its figures (`KernelFreeing`), neither as settled nor as a leftover.
struct DensitySettling {
    /// The host before the ramp, as the check compares with it.
    struct Baseline: Sendable, Equatable {
        var memAvailable: UInt64
        /// How far MemAvailable may stay below `memAvailable` and count as back.
        var noiseBytes: UInt64
        var children: Set<Int32>
        var helpers: Set<Int32>
        var sUnreclaim: UInt64 = 0
        /// /proc/cgroups' memory cgroups, dying ones included; nil when unknown.
        var memoryCgroups: Int?
    }

    /// The memory the kernel had not given back when the wait ended with nothing of the run left.
    struct KernelFreeing: Sendable, Equatable {
        var memAvailableBelowBytes: UInt64
        /// SUnreclaim now minus before the ramp (negative: less than before).
        var sUnreclaimAboveBytes: Int64
        /// Memory cgroups the kernel still holds beyond those before the ramp: with no container
        /// cgroup left, removed ones it has not freed yet. nil when unknown.
        var dyingMemoryCgroups: Int?

        var summary: String {
            var parts = ["MemAvailable \(memAvailableBelowBytes >> 20) MB below the reading before the ramp",
                         "SUnreclaim \(sUnreclaimAboveBytes >= 0 ? "+" : "")\(sUnreclaimAboveBytes >> 20) MB"]
            if let dyingMemoryCgroups { parts.append("\(dyingMemoryCgroups) removed memory cgroups not yet freed") }
            return "no leftovers; the kernel is still freeing: " + parts.joined(separator: ", ")
        }
    }

    struct Outcome: Sendable, Equatable {
        var settled: Bool
        /// From the end of the teardown to the last reading.
        var seconds: Double
        var memAvailable: UInt64
        var leftoverProcesses: Int
        var leftoverCgroups: Int
        var leftoverHelpers: Int
        /// A second stop request ended the wait: neither settled nor a failed check.
        var interrupted: Bool
        /// What had not come back at the last reading, in words.
        var unsettled: [String]
        /// Set when the wait ran out with nothing of the run left, only memory not back.
        var kernelFreeing: KernelFreeing?
    }

    /// The least noise allowed: MemAvailable moves by tens of MB on an idle host.
    static let minimumNoiseBytes: UInt64 = 64 << 20

    let host: any DensityHost
    let helpers: DensityHelpers
    let boundSeconds: Double
    var pollSeconds = 0.25
    var clock: () -> UInt64 = { MonotonicClock.now() }
    var pause: (Double) -> Void = { seconds in usleep(useconds_t(seconds * 1e6)) }

    /// The noise of MemAvailable from readings taken a moment apart before the ramp: twice
    /// their spread, at least `minimumNoiseBytes`.
    static func noise(of readings: [UInt64]) -> UInt64 {
        guard let low = readings.min(), let high = readings.max() else { return minimumNoiseBytes }
        return max(minimumNoiseBytes, 2 * (high - low))
    }

    /// The baseline: `count` MemAvailable readings `spacing` seconds apart (the last is the
    /// reference), the runner's children and the live per-container helpers.
    func baseline(readings count: Int = 5, spacing: Double = 0.1) -> Baseline {
        var readings: [UInt64] = []
        for index in 0..<count {
            if index > 0 { pause(spacing) }
            if let reading = host.memAvailableBytes() { readings.append(reading) }
        }
        return Baseline(memAvailable: readings.last ?? 0, noiseBytes: Self.noise(of: readings),
                        children: host.childProcesses(), helpers: host.processes(named: helpers.perContainer),
                        sUnreclaim: host.sUnreclaimBytes(), memoryCgroups: host.memoryCgroupCount())
    }

    /// Polls until the host is back, `boundSeconds` pass, or `stopped()` says to give up.
    func wait(for baseline: Baseline, cgroups: [String], stopped: () -> Bool) -> Outcome {
        let start = clock()
        let deadline = start + UInt64(boundSeconds * 1e9)
        while true {
            _ = host.reapExitedHelpers(helpers)
            let reading = host.memAvailableBytes()
            let memAvailable = reading ?? 0
            let processes = host.childProcesses().subtracting(baseline.children).count
            let cgroupCount = host.existingCgroups(cgroups)
            let helperCount = host.processes(named: helpers.perContainer).subtracting(baseline.helpers).count
            var unsettled: [String] = []
            var memoryBehind = false
            if reading == nil {
                unsettled.append("MemAvailable could not be read from /proc/meminfo")
            } else if memAvailable + baseline.noiseBytes < baseline.memAvailable {
                memoryBehind = true
                unsettled.append("MemAvailable \((baseline.memAvailable - memAvailable) >> 20) MB below the reading before the ramp "
                                 + "(noise \(baseline.noiseBytes >> 20) MB)")
            }
            if processes > 0 { unsettled.append("\(processes) processes of the run remain") }
            if cgroupCount > 0 { unsettled.append("\(cgroupCount) container cgroups remain") }
            if helperCount > 0 { unsettled.append("\(helperCount) per-container helpers remain") }
            let now = clock()
            let interrupted = !unsettled.isEmpty && stopped()
            if unsettled.isEmpty || now >= deadline || interrupted {
                let onlyMemory = memoryBehind && unsettled.count == 1 && !interrupted
                return Outcome(settled: unsettled.isEmpty, seconds: Double(now - start) / 1e9, memAvailable: memAvailable,
                               leftoverProcesses: processes, leftoverCgroups: cgroupCount, leftoverHelpers: helperCount,
                               interrupted: interrupted, unsettled: unsettled,
                               kernelFreeing: onlyMemory ? kernelFreeing(since: baseline, memAvailable: memAvailable) : nil)
            }
            pause(pollSeconds)
        }
    }

    private func kernelFreeing(since baseline: Baseline, memAvailable: UInt64) -> KernelFreeing {
        var dying: Int?
        if let now = host.memoryCgroupCount(), let before = baseline.memoryCgroups { dying = max(0, now - before) }
        return KernelFreeing(memAvailableBelowBytes: baseline.memAvailable - memAvailable,
                             sUnreclaimAboveBytes: Int64(host.sUnreclaimBytes()) - Int64(baseline.sUnreclaim),
                             dyingMemoryCgroups: dying)
    }
}
