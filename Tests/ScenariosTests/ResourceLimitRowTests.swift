import NamespaceCore
import Results
import Testing
@testable import Scenarios
@testable import Targets

/// "Resource limits enforced" from what the probe's `--stress` met inside, and the limits
/// each target is given.
struct ResourceLimitRowTests {
    typealias Stress = ProbeReport.Stress

    func report(_ stress: Stress, memory: String? = nil) -> ProbeReport {
        var report = ProbeReport()
        report.stress = [stress]
        report.limits = ProbeReport.Limits(memoryMax: memory, memoryMaxPath: memory.map { _ in "/sys/fs/cgroup/memory/memory.limit_in_bytes" },
                                           pidsMax: nil, pidsMaxPath: nil, nofile: nil, nproc: nil)
        return report
    }

    @Test func anOOMKillBeforeTheEndIsSupported() {
        let row = ResourceLimitRow(.memory)
        let cell = row.judge(report(Stress(request: "memory:256", kind: "memory", asked: 256, reached: 61, signal: "SIGKILL"), memory: "67108864"),
                             target: "crun")
        #expect(cell.outcome == .supported)
        #expect(cell.feature == "resource limits: memory (OOM kill at the limit)")
        #expect(cell.detail == "OOM kill (SIGKILL) after 61 MB under a 64 MB memory limit")
        #expect(cell.evidence.contains("memory 67108864 (/sys/fs/cgroup/memory/memory.limit_in_bytes)"))
    }

    /// The failing case: no limit set, the child touches everything.
    @Test func aChildThatTouchedEverythingIsNotEnforced() {
        let cell = ResourceLimitRow(.memory).judge(report(Stress(request: "memory:256", kind: "memory", asked: 256, reached: 256, exitStatus: 0)),
                                                   target: "x")
        #expect(cell.outcome == .notSupported)
        #expect(cell.detail?.hasPrefix("not enforced: the child touched all 256 MB") == true)
    }

    @Test func anotherEndOfTheMemoryChildFailsToMeasure() {
        let killed = ResourceLimitRow(.memory).judge(report(Stress(request: "memory:256", kind: "memory", asked: 256, reached: 3, signal: "SIGSEGV")), target: "x")
        #expect(killed.outcome == .failed)
        let missing = ResourceLimitRow(.memory).judge(ProbeReport(), target: "x")
        #expect(missing.outcome == .failed && missing.detail == "the probe did not push against the limit")
    }

    @Test func forkFailingWithEAGAINIsAHeldForkBomb() {
        let row = ResourceLimitRow(.pids)
        let held = row.judge(report(Stress(request: "pids:200", kind: "pids", asked: 200, reached: 29, errno: "EAGAIN")), target: "runc")
        #expect(held.outcome == .supported)
        #expect(held.detail == "fork failed with EAGAIN after 29 children under a pids limit of 32")
        let free = row.judge(report(Stress(request: "pids:200", kind: "pids", asked: 200, reached: 200)), target: "runc")
        #expect(free.outcome == .notSupported)
        let other = row.judge(report(Stress(request: "pids:200", kind: "pids", asked: 200, reached: 5, errno: "ENOMEM")), target: "runc")
        #expect(other.outcome == .failed)
    }

    @Test func throttledPeriodsAreAnEnforcedQuota() {
        let row = ResourceLimitRow(.cpu)
        let stat = ProbeReport.CPUStat(path: "/sys/fs/cgroup/cpu/cpu.stat", periods: 15, throttled: 14, throttledUs: 1_200_000)
        let cell = row.judge(report(Stress(request: "cpu:1500", kind: "cpu", asked: 1500, reached: 2, workers: 2, wallMs: 1510, cpuMs: 151,
                                           cpuStat: stat, loadavg: "3.1 2.0 1.0 1/100 42")), target: "docker")
        #expect(cell.outcome == .supported)
        #expect(cell.detail == "throttled in 14 of 15 periods (93%) under a CPU quota of 0.1 CPU (10000 µs per 100000 µs period)")
        #expect(cell.evidence.contains("/sys/fs/cgroup/cpu/cpu.stat over the spin: 14 of 15 periods throttled, 1200 ms throttled"))
    }

    /// The failing cases: a cgroup without a quota counts no period; one with a quota never hit.
    @Test func noThrottledPeriodIsNotEnforced() {
        let row = ResourceLimitRow(.cpu)
        func cell(_ stat: ProbeReport.CPUStat?, cpu: Int) -> FeatureResult {
            row.judge(report(Stress(request: "cpu:1500", kind: "cpu", asked: 1500, reached: 2, workers: 2, wallMs: 1500, cpuMs: cpu, cpuStat: stat)),
                      target: "x")
        }
        let unlimited = cell(ProbeReport.CPUStat(path: "/sys/fs/cgroup/cpu/cpu.stat", periods: 0, throttled: 0, throttledUs: 0), cpu: 150)
        #expect(unlimited.outcome == .notSupported)
        #expect(unlimited.detail?.contains("no CFS quota") == true)
        let neverHit = cell(ProbeReport.CPUStat(path: "p", periods: 15, throttled: 0, throttledUs: 0), cpu: 150)
        #expect(neverHit.outcome == .notSupported)
        // Without cpu.stat: more than twice the quota is proof enough; less cannot be told from the host's load.
        #expect(cell(nil, cpu: 1400).outcome == .notSupported)
        #expect(cell(nil, cpu: 150).outcome == .failed)
    }

    /// LXC's containers see no cpu.stat: the counters the host read of its cgroup decide.
    @Test func theHostsReadingOfTheCgroupDecidesWhereTheContainerSeesNone() {
        let row = ResourceLimitRow(.cpu)
        #expect(row.watchesCgroup && !ResourceLimitRow(.memory).watchesCgroup)
        let stress = Stress(request: "cpu:1500", kind: "cpu", asked: 1500, reached: 2, workers: 2, wallMs: 1505, cpuMs: 158, cpuStat: nil)
        func cell(_ periods: UInt64, _ throttled: UInt64) -> FeatureResult {
            let host = HostSide(throttling: CgroupThrottling(file: "/sys/fs/cgroup/cpu/cbench/lxc-1/cpu.stat", periods: periods,
                                                             throttledPeriods: throttled, throttledMicroseconds: throttled * 90_000))
            return row.judge(report(stress), host: host, target: "lxc")
        }
        let held = cell(16, 15)
        #expect(held.outcome == .supported && held.detail?.hasSuffix("read from the host") == true)
        #expect(held.evidence.contains("from the host, /sys/fs/cgroup/cpu/cbench/lxc-1/cpu.stat over the container's run: 15 of 16 periods throttled"))
        // The failing cases: a quota never hit is not enforced; no period at all in what the host
        // read (LXC's lxc.pivot beside the payload) is no verdict, never "not supported".
        #expect(cell(16, 0).outcome == .notSupported)
        #expect(cell(0, 0).outcome == .failed)
        // Nothing from inside or from the host: no verdict.
        #expect(row.judge(report(stress), host: HostSide(), target: "lxc").outcome == .failed)
    }

    @Test func eachRowAsksTheProbeForItsOwnPushAndSetsOnlyItsLimit() throws {
        let setup = FeatureRowSetup(dataDirectory: "/tmp/x", busyboxRootfs: "/rootfs", note: { _ in })
        let memory = try ResourceLimitRow(.memory).container(setup)
        #expect(memory.args.suffix(2) == ["--stress", "memory:256"])
        #expect(memory.limits == WorkloadLimits(memoryMegabytes: 64))
        #expect(try ResourceLimitRow(.pids).container(setup).limits == WorkloadLimits(pids: 32))
        #expect(try ResourceLimitRow(.cpu).container(setup).limits == WorkloadLimits(cpus: 0.1))
        #expect(ProbedFeatureRows.keys.contains("limits-cpu"))
    }
}
